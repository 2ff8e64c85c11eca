package kz.tapbot.analytics.privacy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.Test;

/**
 * kz.tapbot.user.erased.v1 in analytics-service: the user's id becomes one pseudonym in every raw event, active-user
 * day and first-seen day, so the figures of those days stay what they were, and a rebuild of the rollups gives them
 * again; the n8n deliveries about the user are deleted, the others kept.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class UserErasuresTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    // a day no other run uses, so its figures are this test's alone; before the year 10000, as the ISO form of a later
    // one ("+10285-02-27", about one run in 26 before) is not a date PostgreSQL reads
    private final LocalDate day = LocalDate.of(2100, 1, 10).plusDays(ThreadLocalRandom.current().nextInt(0, 2_800_000));
    private final long user = 5_000_000_000L + System.nanoTime() % 1_000_000_000L;
    private final long other = user + 1;

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private long await(String sql, long expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        long value = count(sql);
        while (value != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            value = count(sql);
        }
        return value;
    }

    private void send(String topic, String type, Object data) throws Exception {
        Instant at = day.atTime(12, 0).atZone(ZoneId.of("Asia/Almaty")).toInstant();
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), type, "/tests", at, "k",
                json.writeValueAsString(data)).toRecord(topic));
    }

    private Map<String, Object> update(long from) {
        return Map.of("bot", "taxi", "updateId", 1, "chatId", from, "kind", "message",
                "user", Map.of("id", from, "firstName", "Name" + from), "text", "hello", "sentAt", "2031-01-01T00:00:00Z");
    }

    private Map<String, Object> overview() {
        return given().header("Authorization", TOKEN).get("/api/stats/overview?from=" + day + "&to=" + day)
                .then().statusCode(200).extract().jsonPath().getMap("$");
    }

    @Test
    void theUsersIdsArePseudonymisedTheFiguresStayAndDeliveriesAboutThemGo() throws Exception {
        send(Topics.BOT_UPDATES, EventTypes.UPDATE_RECEIVED, update(user));
        send(Topics.BOT_UPDATES, EventTypes.UPDATE_RECEIVED, update(user));
        send(Topics.BOT_UPDATES, EventTypes.UPDATE_RECEIVED, update(other));
        send(Topics.TAXI_BOOKINGS, EventTypes.TAXI_BOOKING_CONFIRMED, Map.of("bookingId", UUID.randomUUID().toString(),
                "status", "confirmed", "fromCity", "Almaty", "toCity", "Astana", "date", day.toString(), "seats", 1,
                "pricePerSeat", 9000, "totalPrice", 9000, "passengerId", user, "occurredAt", "2031-01-01T00:00:00Z"));
        String ofDay = " FROM analytics.raw_event WHERE occurred_at::date BETWEEN '" + day.minusDays(1) + "' AND '"
                + day.plusDays(1) + "'";
        assertEquals(4, await("SELECT count(*)" + ofDay, 4));
        assertEquals(3, count("SELECT count(*)" + ofDay + " AND user_id = " + user));
        Map<String, Object> before = overview();
        UUID workflow = UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO analytics.workflow (id, name, event_types, target_url, secret, enabled) VALUES ('"
                    + workflow + "', 'erasure test', '{kz.tapbot.bot.*}', 'http://127.0.0.1:9/', 'a-secret-of-16-chars', false)");
            s.executeUpdate("INSERT INTO analytics.workflow_delivery (workflow_id, event_id, event_type, ordering_key, payload)"
                    + " VALUES ('" + workflow + "', 'e1', 't', '" + user + "', '{}'), ('" + workflow + "', 'e2', 't', 'b',"
                    + " '{\"passengerId\":" + user + "}'), ('" + workflow + "', 'e3', 't', '" + other + "', '{\"chatId\":"
                    + other + ",\"amount\":" + user + "0}')");
        }

        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.USER_ERASED, "/tapbot/bot-gateway",
                Instant.now(), String.valueOf(user), "{\"userId\":" + user + ",\"requestedBy\":\"user\",\"bot\":\"taxi\","
                + "\"requestedAt\":\"" + Instant.now() + "\"}").toRecord(Topics.USER_ERASURES));

        assertEquals(0, await("SELECT count(*)" + ofDay + " AND (user_id = " + user + " OR chat_id = " + user + ")", 0));
        assertEquals(0, count("SELECT count(*) FROM analytics.daily_user WHERE user_id = " + user));
        assertEquals(0, count("SELECT count(*) FROM analytics.first_seen WHERE user_id = " + user));
        assertEquals(1, count("SELECT count(DISTINCT user_id)" + ofDay + " AND user_id < 0"),
                "one pseudonym for all of the user's rows");
        assertEquals(3, count("SELECT count(*)" + ofDay + " AND user_id < 0"));
        assertEquals(1, count("SELECT count(*)" + ofDay + " AND user_id = " + other), "another user is untouched");
        assertEquals(before, overview(), "the day's figures are the same");
        given().header("Authorization", TOKEN).post("/api/admin/rollups/rebuild?from=" + day + "&to=" + day)
                .then().statusCode(200);
        assertEquals(before, overview(), "and a rebuild from the raw events gives them again");
        assertEquals(0, count("SELECT count(*) FROM analytics.workflow_delivery WHERE workflow_id = '" + workflow
                + "' AND event_id IN ('e1', 'e2')"), "deliveries about the user are gone");
        // (WorkflowDeliveryTest, in a run sharing this database, may delete every workflow meanwhile)
        assertEquals(count("SELECT count(*) FROM analytics.workflow WHERE id = '" + workflow + "'"),
                count("SELECT count(*) FROM analytics.workflow_delivery WHERE workflow_id = '" + workflow
                        + "' AND event_id = 'e3'"), "a number merely containing the id's digits is not the id");
        assertTrue(before.get("activeUsers").toString().contains("2"), "both users were active: " + before);
    }
}
