package kz.tapbot.taxi.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import kz.tapbot.geo.City;
import kz.tapbot.geo.Places;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Places outside the gazetteer come from an external geocoder (a local stub here) and are cached in Redis. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(GeocoderTest.WithGeocoder.class)
class GeocoderTest {

    static final List<String> QUERIES = new CopyOnWriteArrayList<>();
    static final HttpServer GEOCODER = start();

    public static class WithGeocoder implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("tapbot.taxi.geocoder.url", "http://127.0.0.1:" + GEOCODER.getAddress().getPort());
        }
    }

    /** Answers like Nominatim's /search: a JSON array of places with lat/lon as strings. */
    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.createContext("/search", exchange -> {
                String query = exchange.getRequestURI().getRawQuery();
                QUERIES.add(query);
                String body = query.contains("q=%D0%91%D0%BE%D1%80%D0%BE%D0%B2%D0%BE%D0%B5")
                        ? "[{\"lat\": \"53.0833\", \"lon\": \"70.3000\", \"display_name\": \"Бурабай\"}]" : "[]";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Inject
    Places places;

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void forget() {
        redis.key(String.class).del("cache:geocoding:боровое");
        QUERIES.clear();
    }

    @Test
    void aPlaceOutsideTheGazetteerIsGeocodedOnceThenServedFromTheCache() {
        assertInstanceOf(GeocodedPlaces.class, places);
        City borovoe = places.find("боровое").orElseThrow();
        assertEquals("Боровое", borovoe.name());
        assertEquals(53.0833, borovoe.lat(), 1e-6);
        assertEquals(1, QUERIES.size());
        assertTrue(QUERIES.get(0).contains("countrycodes=kz"));

        Map<String, String> cached = redis.hash(String.class).hgetall("cache:geocoding:боровое");
        assertEquals("70.3", cached.get("lon"));
        assertTrue(redis.key(String.class).ttl("cache:geocoding:боровое") > 0, "cached with a TTL");

        assertEquals("Боровое", places.find("Боровое").orElseThrow().name());
        assertEquals("Боровое", places.byName("Боровое").orElseThrow().name());
        assertEquals(1, QUERIES.size(), "the second lookup came from the cache");
    }

    @Test
    void gazetteerCitiesNeverReachTheGeocoderAndUnknownPlacesStayUnknown() {
        assertEquals("Astana", places.find("в Астану").orElseThrow().name());
        assertTrue(QUERIES.isEmpty());
        assertTrue(places.find("Нарния").isEmpty());
        assertEquals(1, QUERIES.size());
    }
}
