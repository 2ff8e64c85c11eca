package kz.tapbot.geo;

import java.util.List;
import java.util.Optional;

/** Where people go: cities found in what they type, and by the canonical name bookings keep. */
public interface Places {

    /** The first place named in {@code text}. */
    Optional<City> find(String text);

    /** A place by the canonical name a booking or trip keeps. */
    Optional<City> byName(String name);

    /** How to show a place kept under {@code name} in a language (ru, kk, en); unknown names as they are. */
    default String displayName(String name, String language) {
        return byName(name).map(c -> c.displayName(language)).orElse(name);
    }

    /** Every gazetteer city named in {@code text}, with from/to markers. */
    List<Gazetteer.Mention> mentions(String text);
}
