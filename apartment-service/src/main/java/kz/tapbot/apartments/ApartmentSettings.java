package kz.tapbot.apartments;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** The apartment service's settings (application.properties, TAPBOT_APARTMENTS_* in the environment). */
@ConfigMapping(prefix = "tapbot.apartments")
public interface ApartmentSettings {

    /** Listings' local time: stays are dates in it. */
    @WithDefault("Asia/Almaty")
    ZoneId zone();

    /** How long a landlord has to answer a request before it expires and frees the nights. */
    @WithDefault("30m")
    Duration confirmationTimeout();

    /** Cancelling at least this many days before check-in is free; later, the first night is charged. */
    @WithDefault("3")
    int freeCancellationDays();

    Geocoder geocoder();

    /** An external geocoder that finds a landlord's address on the map (off unless a URL is set). */
    interface Geocoder {
        Optional<String> url();

        @WithDefault("30d")
        Duration cacheTtl();
    }
}
