package kz.tapbot.analytics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import kz.tapbot.analytics.workflow.Deliveries;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * n8n workflow hooks: each matching event is POSTed, signed, at least once and in order per booking,
 * through failures injected by a local receiver; a target that keeps failing is paused and shown so.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class WorkflowDeliveryTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final String SECRET = "n8n-shared-secret-0123";

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    private HttpServer receiver;
    private final List<String> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger badSignatures = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM analytics.workflow");
        }
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/webhook/bookings", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String signature = exchange.getRequestHeaders().getFirst("X-TapBot-Signature");
            if (!("sha256=" + Deliveries.sign(SECRET, body)).equals(signature)) {
                badSignatures.incrementAndGet();
                exchange.sendResponseHeaders(401, -1);
            } else if (failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                accepted.add(body);
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String workflow(String name) {
        return given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("name", name, "eventTypes", List.of("kz.tapbot.taxi.booking.*"),
                        "targetUrl", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhook/bookings",
                        "secret", SECRET))
                .post("/api/workflows").then().statusCode(201).body("secret", equalTo(null)).extract().path("id");
    }

    private void taxiBooking(String booking, String type, String status) throws Exception {
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), type, "/tests", Instant.now(), booking,
                json.writeValueAsString(Map.of("bookingId", booking, "status", status, "fromCity", "Almaty", "toCity",
                        "Astana", "date", "2026-12-01", "seats", 1, "pricePerSeat", 9000, "totalPrice", 9000,
                        "passengerId", 42, "occurredAt", Instant.now().toString()))).toRecord(Topics.TAXI_BOOKINGS));
    }

    @Test
    void everyMatchingEventArrivesSignedOnceInOrderThroughFailures() throws Exception {
        String id = workflow("bookings to n8n");
        failuresLeft.set(2);
        String booking = UUID.randomUUID().toString();
        taxiBooking(booking, EventTypes.TAXI_BOOKING_REQUESTED, "requested");
        taxiBooking(booking, EventTypes.TAXI_BOOKING_CONFIRMED, "confirmed");
        taxiBooking(booking, EventTypes.TAXI_BOOKING_CANCELLED, "cancelled");
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.APARTMENT_BOOKING_REQUESTED, "/tests",
                Instant.now(), "x", json.writeValueAsString(Map.ofEntries(
                        Map.entry("bookingId", UUID.randomUUID().toString()), Map.entry("status", "requested"),
                        Map.entry("listingId", UUID.randomUUID().toString()), Map.entry("city", "Almaty"),
                        Map.entry("checkIn", "2026-12-01"), Map.entry("checkOut", "2026-12-02"), Map.entry("nights", 1),
                        Map.entry("guests", 1), Map.entry("totalPrice", 1000), Map.entry("guestId", 1),
                        Map.entry("occurredAt", Instant.now().toString()))))
                .toRecord(Topics.APARTMENT_BOOKINGS));
        long deadline = System.currentTimeMillis() + 30_000;
        while (accepted.size() < 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        assertEquals(3, accepted.size(), "each taxi booking change once, nothing else: " + accepted);
        assertEquals(List.of("requested", "confirmed", "cancelled"),
                accepted.stream().map(b -> read(b).get("status")).toList(), "in order per booking");
        assertTrue(accepted.stream().noneMatch(b -> b.contains("passengerId")), "facts only, no personal ids");
        assertEquals(0, badSignatures.get());
        given().header("Authorization", TOKEN).get("/api/workflows/" + id + "/deliveries").then().statusCode(200)
                .body("size()", equalTo(3)).body("status", org.hamcrest.Matchers.everyItem(equalTo("delivered")))
                .body("find { it.eventType == 'kz.tapbot.taxi.booking.requested.v1' }.attempts", equalTo(3));
    }

    @Test
    void aTargetThatKeepsFailingIsPausedAndShownSo() throws Exception {
        String id = workflow("broken n8n");
        failuresLeft.set(1000);
        taxiBooking(UUID.randomUUID().toString(), EventTypes.TAXI_BOOKING_REQUESTED, "requested");
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && !Boolean.TRUE.equals(given().header("Authorization", TOKEN)
                .get("/api/workflows/" + id).then().extract().path("paused"))) {
            Thread.sleep(200);
        }
        given().header("Authorization", TOKEN).get("/api/workflows/" + id).then().statusCode(200)
                .body("paused", equalTo(true)).body("consecutiveFailures", equalTo(4));
        given().header("Authorization", TOKEN).get("/api/workflows/" + id + "/deliveries").then()
                .body("[0].status", equalTo("pending")).body("[0].lastStatus", equalTo(500));
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("name", "x", "eventTypes", List.of("kz.tapbot.*"), "targetUrl", "ftp://nope", "secret", SECRET))
                .post("/api/workflows").then().statusCode(400).body("detail", containsString("targetUrl"));
        given().get("/api/workflows").then().statusCode(401);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String body) {
        try {
            return json.readValue(body, Map.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
