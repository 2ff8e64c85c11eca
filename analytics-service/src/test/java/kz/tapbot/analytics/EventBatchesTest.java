package kz.tapbot.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The collector records a poll's batch of events in one transaction: a record that the database refuses does not
 * take the rest of its batch down with it, and it alone goes to the DLQ with the reason.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class EventBatchesTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRecordTheDatabaseRefusesGoesToTheDlqAndTheRestOfItsBatchIsRecorded() throws Exception {
        String before = UUID.randomUUID().toString();
        String refused = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), "apartment.bookings.dlq")) {
            // sent together, so read in one poll: the middle one's city holds a NUL, which PostgreSQL does not store
            send(before, "Almaty");
            send(refused, "Ala\u0000ty");
            send(after, "Astana");

            List<ConsumerRecord<String, String>> dead = dlq.await(r -> refused.equals(r.key()), 1,
                    Duration.ofSeconds(30));
            assertEquals(1, dead.size());
            String reason = TopicProbe.header(dead.get(0), "dead-letter-reason");
            assertTrue(reason.contains("SQLSTATE 22"), reason);
            assertEquals("apartment.bookings", TopicProbe.header(dead.get(0), "dead-letter-topic"));
        }
        awaitRecorded(before);
        awaitRecorded(after);
        assertEquals(0, count("SELECT count(*) FROM analytics.seen_event WHERE event_id = ?", refused),
                "nothing of the refused event kept");
    }

    private void send(String id, String city) throws Exception {
        LocalDate checkIn = LocalDate.of(2031, 3, 1);
        Map<String, Object> stay = Map.ofEntries(Map.entry("bookingId", id), Map.entry("status", "requested"),
                Map.entry("listingId", UUID.randomUUID().toString()), Map.entry("city", city),
                Map.entry("checkIn", checkIn.toString()), Map.entry("checkOut", checkIn.plusDays(2).toString()),
                Map.entry("nights", 2), Map.entry("guests", 1), Map.entry("totalPrice", 30000),
                Map.entry("guestId", 42), Map.entry("occurredAt", "2031-01-01T00:00:00Z"));
        KafkaTestBroker.send(new CloudEvent(id, EventTypes.APARTMENT_BOOKING_REQUESTED, "/tests", Instant.now(), id,
                json.writeValueAsString(stay)).toRecord(Topics.APARTMENT_BOOKINGS));
    }

    private void awaitRecorded(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM analytics.raw_event WHERE event_id = ?", id) == 0) {
            assertTrue(System.currentTimeMillis() < deadline, "event " + id + " recorded");
            Thread.sleep(200);
        }
    }

    private long count(String sql, String id) throws Exception {
        return Rows.count(dataSource, sql, id);
    }
}
