package kz.tapbot.taxi.geo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.geocoding.Geocoder;

/**
 * The gazetteer first; for a place it does not know, the external {@link Geocoder} (cached in
 * cache:geocoding:{place}). A geocoder that is slow or down just means "unknown place".
 */
public final class GeocodedPlaces implements Places {

    private final Gazetteer gazetteer;
    private final Geocoder geocoder;

    public GeocodedPlaces(Gazetteer gazetteer, Geocoder geocoder) {
        this.gazetteer = gazetteer;
        this.geocoder = geocoder;
    }

    @Override
    public Optional<City> find(String text) {
        Optional<City> known = gazetteer.find(text);
        if (known.isPresent() || text == null || text.isBlank() || text.startsWith("/") || text.length() > 60) {
            return known;
        }
        String name = canonical(text);
        return geocoder.locate(name).map(point -> city(name, point));
    }

    @Override
    public Optional<City> byName(String name) {
        return gazetteer.byName(name).or(() -> geocoder.cached(name).map(point -> city(name, point)));
    }

    @Override
    public List<Gazetteer.Mention> mentions(String text) {
        return gazetteer.mentions(text);
    }

    private static City city(String name, Geocoder.Point point) {
        return new City(name, name, name, point.lat(), point.lon(), List.of());
    }

    /** "боровое " -> "Боровое": the name bookings keep. */
    static String canonical(String text) {
        String trimmed = text.trim().replaceAll("\\s+", " ");
        return trimmed.substring(0, 1).toUpperCase(Locale.ROOT) + trimmed.substring(1).toLowerCase(Locale.ROOT);
    }
}
