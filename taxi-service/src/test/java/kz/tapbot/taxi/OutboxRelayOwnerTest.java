package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.platform.outbox.OutboxRelay;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/**
 * With several instances one outbox relay publishes at a time (the advisory lock taxi:outbox), so the rows of
 * one chat reach Kafka in the order they were written.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OutboxRelayOwnerTest {

    private static final String TOPIC = "outbox.owner.probe";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    ClusterLock cluster;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void whileAnotherInstanceRelaysThisOnePublishesNothingThenEverythingInOrder() throws Exception {
        String chat = String.valueOf(7_000_000_000L + System.nanoTime() % 1_000_000_000L);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(UUID.randomUUID().toString());
        }
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), TOPIC)) {
            try (Connection otherRelay = dataSource.getConnection()) {
                // another instance's relay in the middle of a batch transaction
                otherRelay.setAutoCommit(false);
                try (Statement s = otherRelay.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(hashtext('" + cluster.name("outbox") + "'))");
                }
                for (int i = 0; i < written.size(); i++) {
                    CloudEvent event = new CloudEvent(written.get(i), "kz.tapbot.test.outbox-order", "/tapbot/test",
                            Instant.now(), chat, "{\"n\":" + i + "}");
                    QuarkusTransaction.requiringNew().run(() -> outbox.add(TOPIC, event));
                }
                assertEquals(0, relay.relayPending(), "the outbox is owned by the other relay");
                assertEquals(written.size(), waiting(written), "every row still waits in the outbox");
                otherRelay.commit();
            }

            relay.relayPending();
            List<String> published = probe.await(r -> chat.equals(r.key()), written.size(), Duration.ofSeconds(20)).stream()
                    .map(r -> TopicProbe.header(r, "ce_id")).toList();
            assertEquals(written, published, "all of them, in the order they were written");
        }
    }

    private int waiting(List<String> ids) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM taxi.outbox WHERE ce_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
