package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.platform.outbox.OutboxRelay;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An outbox row whose transaction commits after rows with higher ids were published (ids are taken when a row is
 * written, not when it commits) is still published, once: the relay reads only just below the highest id it
 * published when a commit wakes it, and from the lowest id at every poll. Ids that went back (a restored
 * database) are followed after the poll's pass.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OutboxRelayStragglerTest {

    private static final String TOPIC = "outbox.straggler.probe";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRowCommittedAfterHigherOnesWerePublishedIsPublishedOnce() throws Exception {
        String straggler = "straggler-" + UUID.randomUUID();
        List<String> later = List.of("later-" + UUID.randomUUID(), "later-" + UUID.randomUUID());
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), TOPIC);
             Connection slow = dataSource.getConnection()) {
            // a transaction that took its outbox id first and is still open
            slow.setAutoCommit(false);
            try (PreparedStatement insert = slow.prepareStatement("INSERT INTO taxi.outbox (topic, record_key, ce_id,"
                    + " ce_type, ce_source, ce_time, data) VALUES (?, 'slow', ?, 'kz.tapbot.test', '/tests', now(),"
                    + " '{}'::jsonb)")) {
                insert.setString(1, TOPIC);
                insert.setString(2, straggler);
                insert.executeUpdate();
            }
            // others write meanwhile: twice the relay's window of ids later (as many rows written by others)
            sql("SELECT setval('taxi.outbox_id_seq', nextval('taxi.outbox_id_seq') + "
                    + 2 * OutboxRelay.STRAGGLER_WINDOW + ")");
            for (String id : later) {
                write(id, "fast");
            }
            relay.relayPending();
            List<String> published = probe.await(r -> r.key().equals("fast"), later.size(), Duration.ofSeconds(20))
                    .stream().map(r -> TopicProbe.header(r, "ce_id")).toList();
            assertEquals(later, published, "the rows committed first go out while the earlier id is still open");

            slow.commit();
            relay.relayPending(); // a pass as a commit wakes it: it looks only just below the highest id published
            List<ConsumerRecord<String, String>> late = probe.await(r -> r.key().equals("slow"), 1,
                    Duration.ofSeconds(20));
            assertEquals(straggler, TopicProbe.header(late.get(0), "ce_id"), "the poll's pass from the lowest id");
            assertEquals(1, probe.drain(Duration.ofSeconds(3)).stream().filter(r -> r.key().equals("slow")).count(),
                    "published once");
        }
    }

    @Test
    void afterTheIdsWentBackThePollsPassMovesTheHighWaterMarkBackWithThem() throws Exception {
        String before = "before-" + UUID.randomUUID();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), TOPIC)) {
            long start = sql("SELECT nextval('taxi.outbox_id_seq')");
            sql("SELECT setval('taxi.outbox_id_seq', " + (start + 3 * OutboxRelay.STRAGGLER_WINDOW) + ")");
            write(before, "restore");
            relay.relayPending();
            probe.await(r -> before.equals(TopicProbe.header(r, "ce_id")), 1, Duration.ofSeconds(20));

            // a database restored under the running service: the ids start below what was published
            sql("SELECT setval('taxi.outbox_id_seq', " + start + ")");
            write(first, "restore");
            probe.await(r -> first.equals(TopicProbe.header(r, "ce_id")), 1, Duration.ofSeconds(20));
            write(second, "restore");
            // found by a pass as a commit wakes it, not only by the next poll 2 s later
            long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (waiting(second) && System.nanoTime() < deadline) {
                relay.relayPending();
            }
            assertFalse(waiting(second), "the pass after the poll's looks where the ids are now");
        }
    }

    private void write(String id, String key) {
        QuarkusTransaction.requiringNew().run(() -> outbox.add(TOPIC,
                new CloudEvent(id, "kz.tapbot.test", "/tests", Instant.now(), key, "{}")));
    }

    private boolean waiting(String ceId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM taxi.outbox WHERE ce_id = ?")) {
            s.setString(1, ceId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1) > 0;
            }
        }
    }

    private long sql(String query) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
