package kz.tapbot.platform.geocoding;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import kz.tapbot.platform.http.LazyHttpClient;
import org.jboss.logging.Logger;

/**
 * An external Nominatim-style geocoder ({@code GET {url}/search?q=...&format=json&limit=1&countrycodes=kz})
 * whose answers are cached in the Redis hash cache:geocoding:{query} with a TTL. A geocoder that is
 * slow, down or refusing just means "not found": callers ask the user for a location instead.
 */
public final class Geocoder {

    private static final Logger LOG = Logger.getLogger(Geocoder.class);

    /** A point on the map. */
    public record Point(double lat, double lon) {
    }

    private final String url;
    private final RedisDataSource redis;
    private final HashCommands<String, String, String> cache;
    private final long ttlSeconds;
    private final ObjectMapper json;
    private final String userAgent;
    private final LazyHttpClient http = new LazyHttpClient(
            () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());

    public Geocoder(String url, RedisDataSource redis, Duration cacheTtl, ObjectMapper json, String userAgent) {
        this.url = url.replaceAll("/+$", "");
        this.redis = redis;
        this.cache = redis.hash(String.class);
        this.ttlSeconds = cacheTtl.toSeconds();
        this.json = json;
        this.userAgent = userAgent;
    }

    /** The cached point of this query, without asking the geocoder. */
    public Optional<Point> cached(String query) {
        try {
            Map<String, String> hit = cache.hgetall(key(query));
            if (hit == null || !hit.containsKey("lat")) {
                return Optional.empty();
            }
            return Optional.of(new Point(Double.parseDouble(hit.get("lat")), Double.parseDouble(hit.get("lon"))));
        } catch (RuntimeException e) {
            LOG.warnf("geocoding cache unavailable: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The cached point, or the geocoder's first answer (then cached). */
    public Optional<Point> locate(String query) {
        return cached(query).or(() -> ask(query));
    }

    private Optional<Point> ask(String query) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/search?format=json&limit=1&countrycodes=kz&q="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(3))
                    .header("User-Agent", userAgent).GET().build();
            HttpResponse<String> response = http.get().send(request, HttpResponse.BodyHandlers.ofString());
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
            cache.hset(key(query), Map.of("name", query, "lat", String.valueOf(lat), "lon", String.valueOf(lon)));
            redis.key(String.class).expire(key(query), ttlSeconds);
            return Optional.of(new Point(lat, lon));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            LOG.warnf("geocoder unavailable: %s", e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    public static String key(String query) {
        return "cache:geocoding:" + query.toLowerCase(Locale.ROOT);
    }
}
