package kz.tapbot.taxi.geo;

import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.GazetteerLoader;
import kz.tapbot.geo.Places;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import kz.tapbot.platform.geocoding.Geocoder;
import kz.tapbot.taxi.TaxiSettings;

/** The bundled gazetteer, the places (with an external geocoder when one is configured) and the tariff. */
public class GeoProducer {

    @Produces
    @Singleton
    @Typed(Gazetteer.class)
    Gazetteer gazetteer() {
        return GazetteerLoader.bundled();
    }

    @Produces
    @Singleton
    Places places(Gazetteer gazetteer, TaxiSettings settings, RedisDataSource redis, ObjectMapper json) {
        return settings.geocoder().url()
                .<Places>map(url -> new GeocodedPlaces(gazetteer,
                        new Geocoder(url, redis, settings.geocoder().cacheTtl(), json, "TapBot taxi-service")))
                .orElse(gazetteer);
    }

    @Produces
    @Singleton
    Tariff tariff(TaxiSettings settings) {
        TaxiSettings.Tariff t = settings.tariff();
        return new Tariff(t.tengePerKmPerSeat(), t.minimumFarePerSeat(), t.roadFactor());
    }
}
