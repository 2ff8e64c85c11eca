package kz.tapbot.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.analytics.stats.Partitions;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.Test;

/**
 * Past the retention a day's raw events go with their partition, and the ids kept to count each event and each
 * booking once go with them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RetentionTest {

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Partitions partitions;

    // a day of the 1900s no other test uses: dropping the partitions before the next day drops only such days
    private final LocalDate day = LocalDate.of(1900, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 36_000));

    @Test
    void aDayPastTheRetentionIsDroppedWithTheEventsAndBookingsSeenOnIt() throws Exception {
        String booking = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        Map<String, Object> seated = Map.of("bookingId", booking, "status", "confirmed", "fromCity", "Almaty",
                "toCity", "Astana", "date", day.toString(), "seats", 1, "pricePerSeat", 9000, "totalPrice", 9000,
                "passengerId", 7_000_000_001L, "occurredAt", day + "T09:00:00Z");
        KafkaTestBroker.send(new CloudEvent(eventId, EventTypes.TAXI_BOOKING_CONFIRMED, "/tests",
                day.atTime(9, 0).atZone(ZoneId.of("Asia/Almaty")).toInstant(), booking, json.writeValueAsString(seated))
                .toRecord(Topics.TAXI_BOOKINGS));
        String partition = "raw_event_" + DateTimeFormatter.BASIC_ISO_DATE.format(day);
        long deadline = System.currentTimeMillis() + 30_000;
        while (count("SELECT count(*) FROM analytics.seen_booking WHERE booking_id = ?", booking) == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(1, count("SELECT count(*) FROM analytics.seen_booking WHERE booking_id = ?", booking),
                "the booking was counted as requested");
        assertEquals(1, count("SELECT count(*) FROM analytics.seen_event WHERE event_id = ?", eventId));
        assertEquals(1, count("SELECT count(*) FROM pg_tables WHERE schemaname = 'analytics' AND tablename = ?",
                partition), "the day got its partition on demand");

        assertTrue(partitions.dropBefore(day.plusDays(1)) >= 1);

        assertEquals(0, count("SELECT count(*) FROM pg_tables WHERE schemaname = 'analytics' AND tablename = ?",
                partition), "the day's partition is dropped");
        assertEquals(0, count("SELECT count(*) FROM analytics.seen_event WHERE event_id = ?", eventId),
                "its event ids are forgotten");
        assertEquals(0, count("SELECT count(*) FROM analytics.seen_booking WHERE booking_id = ?", booking),
                "its bookings are forgotten");
    }

    private long count(String sql, String param) throws Exception {
        return Rows.count(dataSource, sql, param);
    }
}
