package kz.tapbot.apartments.listing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.geo.GazetteerLoader;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.geocoding.Geocoder;

/** The bundled gazetteer (city names in any language) and, when configured, the address geocoder. */
public class GeoProducer {

    @Produces
    @Singleton
    Places places() {
        return GazetteerLoader.bundled();
    }

    @Produces
    @Singleton
    Optional<Geocoder> geocoder(ApartmentSettings settings, RedisDataSource redis, ObjectMapper json) {
        return settings.geocoder().url().map(url -> new Geocoder(url, redis, settings.geocoder().cacheTtl(), json,
                "TapBot apartment-service"));
    }
}
