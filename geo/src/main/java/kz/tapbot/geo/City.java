package kz.tapbot.geo;

import java.util.List;

/** A city of the gazetteer: canonical English name (as in events), local names, coordinates. */
public record City(String name, String ru, String kk, double lat, double lon, List<String> aliases) {

    private static final double EARTH_RADIUS_KM = 6371.0;

    /** The name to show a user in their language. */
    public String displayName(String language) {
        return switch (language) {
            case "kk" -> kk;
            case "en" -> name;
            default -> ru;
        };
    }

    /** Great-circle distance in kilometres. */
    public double distanceKm(City other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat))
                * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
