package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/**
 * Events added together are written in one statement per thousand rows: every one, once, with ids in their order
 * (the relay publishes in id order), even past the 8,191 rows one statement's 65,535 parameters could carry.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OutboxWritesTest {

    private static final String TOPIC = "outbox.writes.probe";

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    UserTransaction transaction;

    @Test
    void manyEventsAddedTogetherAreWrittenOnceEachInTheirOrder() throws Exception {
        String prefix = "many-" + UUID.randomUUID() + "-";
        List<String> ids = IntStream.range(0, 8_200).mapToObj(i -> prefix + i).toList();
        List<CloudEvent> events = new ArrayList<>();
        ids.forEach(id -> events.add(event(id)));
        // the same event again, in the same statement and in a later one: written once
        events.add(3, event(ids.get(1)));
        events.add(event(ids.get(2)));
        // read inside the transaction, then rolled back: nothing reaches the relay
        transaction.begin();
        try {
            outbox.addAll(TOPIC, events);
            assertEquals(ids, inIdOrder(prefix));
        } finally {
            transaction.rollback();
        }
    }

    private static CloudEvent event(String id) {
        return new CloudEvent(id, "kz.tapbot.test", "/tests", Instant.now(), "k", "{\"n\": 1}");
    }

    private List<String> inIdOrder(String prefix) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT ce_id FROM taxi.outbox WHERE ce_id LIKE ? ORDER BY id")) {
            s.setString(1, prefix + "%");
            List<String> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add(r.getString(1));
                }
            }
            return rows;
        }
    }
}
