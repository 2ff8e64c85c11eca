package kz.tapbot.taxi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;

/** The taxi service's settings (application.properties, TAPBOT_TAXI_* in the environment). */
@ConfigMapping(prefix = "tapbot.taxi")
public interface TaxiSettings {

    /** Kazakhstan's time: dates and departure times are local to it. */
    @WithDefault("Asia/Almaty")
    ZoneId zone();

    /** How long before departure both sides are reminded. */
    @WithDefault("2h")
    Duration remindBefore();

    Tariff tariff();

    Geocoder geocoder();

    /** An external geocoder for places the gazetteer does not know (off unless a URL is set). */
    interface Geocoder {
        java.util.Optional<String> url();

        @WithDefault("30d")
        Duration cacheTtl();
    }

    interface Tariff {
        @WithDefault("12")
        double tengePerKmPerSeat();

        @WithDefault("2000")
        long minimumFarePerSeat();

        /** Roads are longer than the great circle. */
        @WithDefault("1.25")
        double roadFactor();
    }
}
