package kz.tapbot.taxi.geo;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import kz.tapbot.taxi.TaxiSettings;

/** The bundled gazetteer and the configured tariff, as beans. */
public class GeoProducer {

    @Produces
    @Singleton
    Gazetteer gazetteer() {
        return GazetteerLoader.bundled();
    }

    @Produces
    @Singleton
    Tariff tariff(TaxiSettings settings) {
        TaxiSettings.Tariff t = settings.tariff();
        return new Tariff(t.tengePerKmPerSeat(), t.minimumFarePerSeat(), t.roadFactor());
    }
}
