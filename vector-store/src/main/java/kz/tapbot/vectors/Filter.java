package kz.tapbot.vectors;

import java.util.List;

/** Conditions on the payload; a search returns only points that meet all of them. */
public sealed interface Filter {

    /** The string field equals the value (for a list field: the list contains it). */
    record Equals(String key, String value) implements Filter {
    }

    /** The number field lies in [gte, lte]; a null bound is open. */
    record Range(String key, Double gte, Double lte) implements Filter {
    }

    /** The geo field lies within {@code radiusMeters} of the centre. */
    record GeoRadius(String key, double lat, double lon, double radiusMeters) implements Filter {
    }

    /** The list field contains every one of the values. */
    record ContainsAll(String key, List<String> values) implements Filter {
    }

    /** Every condition holds. */
    record All(List<Filter> conditions) implements Filter {
    }

    static Filter all(Filter... conditions) {
        return new All(List.of(conditions));
    }
}
