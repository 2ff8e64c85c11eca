package kz.tapbot.taxi.geo;

import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.Places;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The gazetteer first; for a place it does not know, an external geocoder (a Nominatim-style
 * {@code GET {url}/search?q=...&format=json&limit=1&countrycodes=kz}) whose answers are cached in the
 * Redis hash cache:geocoding:{place} with a TTL. A geocoder that is slow or down just means "unknown place".
 */
public final class GeocodedPlaces implements Places {

    private static final Logger LOG = Logger.getLogger(GeocodedPlaces.class);

    private final Gazetteer gazetteer;
    private final String url;
    private final HashCommands<String, String, String> cache;
    private final RedisDataSource redis;
    private final long ttlSeconds;
    private final ObjectMapper json;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public GeocodedPlaces(Gazetteer gazetteer, String url, RedisDataSource redis, Duration ttl, ObjectMapper json) {
        this.gazetteer = gazetteer;
        this.url = url.replaceAll("/+$", "");
        this.redis = redis;
        this.cache = redis.hash(String.class);
        this.ttlSeconds = ttl.toSeconds();
        this.json = json;
    }

    @Override
    public Optional<City> find(String text) {
        Optional<City> known = gazetteer.find(text);
        if (known.isPresent() || text == null || text.isBlank() || text.startsWith("/") || text.length() > 60) {
            return known;
        }
        String name = canonical(text);
        return cached(name).or(() -> geocode(name));
    }

    @Override
    public Optional<City> byName(String name) {
        return gazetteer.byName(name).or(() -> cached(name));
    }

    @Override
    public List<Gazetteer.Mention> mentions(String text) {
        return gazetteer.mentions(text);
    }

    private Optional<City> cached(String name) {
        try {
            Map<String, String> hit = cache.hgetall(key(name));
            if (hit == null || !hit.containsKey("lat")) {
                return Optional.empty();
            }
            return Optional.of(city(name, Double.parseDouble(hit.get("lat")), Double.parseDouble(hit.get("lon"))));
        } catch (RuntimeException e) {
            LOG.warnf("geocoding cache unavailable: %s", e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<City> geocode(String name) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/search?format=json&limit=1&countrycodes=kz&q="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(3))
                    .header("User-Agent", "TapBot taxi-service").GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("geocoder answered %d", response.statusCode());
                return Optional.empty();
            }
            JsonNode results = json.readTree(response.body());
            if (!results.isArray() || results.isEmpty()) {
                return Optional.empty();
            }
            double lat = results.get(0).path("lat").asDouble(Double.NaN);
            double lon = results.get(0).path("lon").asDouble(Double.NaN);
            if (Double.isNaN(lat) || Double.isNaN(lon)) {
                return Optional.empty();
            }
            cache.hset(key(name), Map.of("name", name, "lat", String.valueOf(lat), "lon", String.valueOf(lon)));
            redis.key(String.class).expire(key(name), ttlSeconds);
            return Optional.of(city(name, lat, lon));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("geocoder unavailable: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static City city(String name, double lat, double lon) {
        return new City(name, name, name, lat, lon, List.of());
    }

    /** "боровое " -> "Боровое": the name bookings keep. */
    static String canonical(String text) {
        String trimmed = text.trim().replaceAll("\\s+", " ");
        return trimmed.substring(0, 1).toUpperCase(Locale.ROOT) + trimmed.substring(1).toLowerCase(Locale.ROOT);
    }

    static String key(String name) {
        return "cache:geocoding:" + name.toLowerCase(Locale.ROOT);
    }
}
