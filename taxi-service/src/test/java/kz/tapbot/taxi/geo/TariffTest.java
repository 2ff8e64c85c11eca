package kz.tapbot.taxi.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.GazetteerLoader;
import org.junit.jupiter.api.Test;

class TariffTest {

    private final Gazetteer gazetteer = GazetteerLoader.bundled();

    @Test
    void priceFollowsTheRoadDistanceWithAMinimumFare() {
        Tariff tariff = new Tariff(12, 2000, 1.25);
        City almaty = gazetteer.byName("Almaty").orElseThrow();
        City astana = gazetteer.byName("Astana").orElseThrow();
        City konaev = gazetteer.byName("Konaev").orElseThrow();
        long km = tariff.roadKm(almaty, astana);
        assertTrue(km > 1000 && km < 1300, "Almaty-Astana by road is about 1,200 km: " + km);
        assertEquals((long) Math.ceil(km * 12 / 100.0) * 100, tariff.pricePerSeat(almaty, astana));
        assertEquals(2000, tariff.pricePerSeat(almaty, konaev));
    }
}
