package kz.tapbot.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.Test;

/**
 * A fixed stream of events over two days, with duplicates, gives exactly the expected figures; a
 * rebuild of the rollups from the raw events gives the same; the raw events keep no texts or phones.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class StatisticsReplayTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    // two days of a month no other run uses, so the figures (monthly ones too) are this stream's alone
    private final LocalDate day1 = LocalDate.of(2100, 1, 10).plusMonths(ThreadLocalRandom.current().nextInt(0, 90_000)); // years up to 9600: four digits
    private final LocalDate day2 = day1.plusDays(1);
    private final long a = 5_000_000_000L + System.nanoTime() % 1_000_000_000L;
    private final long b = a + 1;
    private final long c = a + 2;
    private final String listing = UUID.randomUUID().toString();

    private Instant at(LocalDate day, int hour) {
        return day.atTime(hour, 0).atZone(ALMATY).toInstant();
    }

    private CloudEvent event(String id, String type, Instant at, Object data) throws Exception {
        return new CloudEvent(id, type, "/tests", at, "k", json.writeValueAsString(data));
    }

    private void send(String topic, CloudEvent event) {
        KafkaTestBroker.send(event.toRecord(topic));
    }

    private Map<String, Object> update(String bot, long user, String text) {
        return Map.of("bot", bot, "updateId", 1, "chatId", user, "kind", "message",
                "user", Map.of("id", user, "firstName", "Name" + user), "text", text, "sentAt", "2031-01-01T00:00:00Z");
    }

    private Map<String, Object> taxi(String id, String status, long passenger) {
        return Map.of("bookingId", id, "status", status, "fromCity", "Almaty", "toCity", "Astana", "date", day1.toString(),
                "seats", 2, "pricePerSeat", 10000, "totalPrice", 20000, "passengerId", passenger,
                "occurredAt", "2031-01-01T00:00:00Z");
    }

    private Map<String, Object> stay(String id, String status, long guest) {
        return Map.ofEntries(Map.entry("bookingId", id), Map.entry("status", status), Map.entry("listingId", listing),
                Map.entry("city", "Kokshetau"), Map.entry("checkIn", day2.toString()),
                Map.entry("checkOut", day2.plusDays(3).toString()), Map.entry("nights", 3), Map.entry("guests", 2),
                Map.entry("totalPrice", 45000), Map.entry("guestId", guest), Map.entry("occurredAt", "2031-01-01T00:00:00Z"));
    }

    private Map<String, Object> overview() {
        return given().header("Authorization", TOKEN).get("/api/stats/overview?from=" + day1 + "&to=" + day2)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void aFixedStreamWithDuplicatesGivesExactlyTheExpectedFiguresAndARebuildTheSame() throws Exception {
        CloudEvent first = event(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, at(day1, 9),
                update("taxi", a, "нужно такси +7 701 555 44 33"));
        send(Topics.BOT_UPDATES, first);
        send(Topics.BOT_UPDATES, first);
        send(Topics.BOT_UPDATES, event(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, at(day1, 10),
                update("taxi", a, "завтра")));
        send(Topics.BOT_UPDATES, event(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, at(day1, 11),
                update("taxi", b, "привет")));
        CloudEvent flat = event(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, at(day2, 12),
                update("apartments", c, "квартира"));
        send(Topics.BOT_UPDATES, flat);
        // the bots answer 2 s (taxi) and 4 s (apartments) after the message
        send(Topics.BOT_REPLIES, event(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, at(day1, 9).plusSeconds(2),
                Map.of("bot", "taxi", "chatId", a, "text", "Куда едем?",
                        "inReplyTo", EventIds.derived(first.id(), "understood"))));
        send(Topics.BOT_REPLIES, event(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, at(day1, 9),
                Map.of("bot", "taxi", "chatId", a, "callbackQueryId", "cb")));
        send(Topics.BOT_REPLIES, event(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, at(day2, 12).plusSeconds(4),
                Map.of("bot", "apartments", "chatId", c, "text", "В каком городе?",
                        "inReplyTo", EventIds.derived(flat.id(), "understood"))));
        String trip = UUID.randomUUID().toString();
        send(Topics.TAXI_BOOKINGS, event(UUID.randomUUID().toString(), EventTypes.TAXI_BOOKING_REQUESTED, at(day1, 10),
                taxi(trip, "requested", a)));
        CloudEvent confirmed = event(UUID.randomUUID().toString(), EventTypes.TAXI_BOOKING_CONFIRMED, at(day1, 11),
                taxi(trip, "confirmed", a));
        send(Topics.TAXI_BOOKINGS, confirmed);
        send(Topics.TAXI_BOOKINGS, confirmed);
        send(Topics.TAXI_BOOKINGS, event(UUID.randomUUID().toString(), EventTypes.TAXI_BOOKING_CANCELLED, at(day2, 8),
                taxi(trip, "cancelled", a)));
        // a request seated at once: announced confirmed only, and still counted as a request (once, though replayed)
        String seated = UUID.randomUUID().toString();
        CloudEvent seatedAtOnce = event(UUID.randomUUID().toString(), EventTypes.TAXI_BOOKING_CONFIRMED, at(day2, 9),
                taxi(seated, "confirmed", b));
        send(Topics.TAXI_BOOKINGS, seatedAtOnce);
        send(Topics.TAXI_BOOKINGS, seatedAtOnce);
        String stay = UUID.randomUUID().toString();
        send(Topics.APARTMENT_BOOKINGS, event(UUID.randomUUID().toString(), EventTypes.APARTMENT_BOOKING_REQUESTED,
                at(day2, 13), stay(stay, "requested", c)));
        send(Topics.APARTMENT_BOOKINGS, event(UUID.randomUUID().toString(), EventTypes.APARTMENT_BOOKING_CONFIRMED,
                at(day2, 14), stay(stay, "confirmed", c)));
        send(Topics.AI_REQUESTS, event(UUID.randomUUID().toString(), EventTypes.AI_REQUESTED, at(day1, 11),
                Map.of("update", update("taxi", b, "привет"), "intent", "greeting", "language", "ru", "step", "IDLE")));

        Map<String, Object> expected = Map.ofEntries(
                Map.entry("activeUsers", Map.of("apartments", 1, "taxi", 2)),
                Map.entry("monthlyActiveUsers", Map.of("apartments", 1, "taxi", 2)),
                Map.entry("newUsers", Map.of("apartments", 1, "taxi", 2)),
                Map.entry("messagesIn", Map.of("apartments", 1, "taxi", 3)),
                Map.entry("messagesOut", Map.of("apartments", 1, "taxi", 1)),
                Map.entry("bookings", Map.of("apartments", Map.of("confirmed", 1, "requested", 1),
                        "taxi", Map.of("cancelled", 1, "confirmed", 2, "requested", 1))),
                Map.entry("grossBookingValue", Map.of("apartments", Map.of("Kokshetau", 45000), "taxi", Map.of("Almaty", 40000))),
                Map.entry("grossBookingValueTotal", Map.of("apartments", 45000, "taxi", 40000)),
                Map.entry("cancellationRate", Map.of("apartments", 0.0f, "taxi", 0.5f)),
                Map.entry("replyLatencyMs", Map.of("apartments", Map.of("median", 4000, "p95", 4000),
                        "taxi", Map.of("median", 2000, "p95", 2000))),
                // the stay holds day2 .. day2+3: one of its nights falls in the two days, for the one listing seen
                Map.entry("occupancy", Map.of("listings", 1, "bookedNights", 1, "rate", 0.5f)),
                // three bookings made: one requested then confirmed, one seated at once, one stay requested
                Map.entry("funnel", Map.of("startedDialog", 3, "bookingRequested", 3, "confirmed", 3)),
                Map.entry("topRoutes", List.of(Map.of("name", "Almaty→Astana", "requests", 2))),
                Map.entry("topCities", List.of(Map.of("name", "Kokshetau", "requests", 1))));

        Map<String, Object> collected = awaitFigures(expected);
        expected.forEach((key, value) -> assertEquals(value, collected.get(key), key));
        assertEquals(List.of(3, 1), given().header("Authorization", TOKEN)
                .get("/api/stats/daily?metric=messages_in&from=" + day1 + "&to=" + day2).then().statusCode(200)
                .extract().jsonPath().getList("value"));
        assertEquals(List.of(1, 2), given().header("Authorization", TOKEN)
                .get("/api/stats/daily?metric=booking_requests&from=" + day1 + "&to=" + day2).then().statusCode(200)
                .extract().jsonPath().getList("value"));

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains(
                "bookings_total{city=\"Kokshetau\",service=\"apartments\",status=\"confirmed\"}"), "Prometheus counters");
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("messages_total{bot=\"taxi\",direction=\"in\"}"));
        org.junit.jupiter.api.Assertions.assertTrue(metrics.contains("reply_latency_seconds_bucket{bot=\"taxi\""));

        given().header("Authorization", TOKEN).post("/api/admin/rollups/rebuild?from=" + day1 + "&to=" + day2)
                .then().statusCode(200);
        Map<String, Object> rebuilt = overview();
        expected.forEach((key, value) -> assertEquals(value, rebuilt.get(key), "after the rebuild: " + key));

        try (Connection conn = dataSource.getConnection(); Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM analytics.raw_event WHERE user_id = " + a
                     + " OR chat_id = " + a)) {
            r.next();
            // A's two messages, a text reply and a button answer, three booking changes: each once
            assertEquals(7, r.getLong(1));
        }
        try (Connection conn = dataSource.getConnection(); Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'analytics'"
                     + " AND table_name = 'raw_event' AND column_name IN ('text', 'name', 'phone', 'first_name')")) {
            r.next();
            assertEquals(0, r.getLong(1), "no texts, names or phone numbers are kept");
        }
    }

    private Map<String, Object> awaitFigures(Map<String, Object> expected) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        Map<String, Object> figures = overview();
        while (System.currentTimeMillis() < deadline && !expected.entrySet().stream()
                .allMatch(e -> e.getValue().equals(figures.get(e.getKey())))) {
            Thread.sleep(300);
            figures.clear();
            figures.putAll(overview());
        }
        return figures;
    }
}
