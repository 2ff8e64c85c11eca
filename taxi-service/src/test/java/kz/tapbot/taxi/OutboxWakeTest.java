package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/**
 * A transaction that wrote to the outbox wakes the relay as it commits: with the relay's poll off, its events are
 * published all the same, in their order, however many writes it made; a transaction rolled back publishes nothing.
 */
@QuarkusTest
@TestProfile(OutboxWakeTest.WithoutPoll.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OutboxWakeTest {

    private static final String TOPIC = "outbox.wake.probe";

    /** No scheduled methods run, the relay's poll among them: only a commit can wake it. */
    public static final class WithoutPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.scheduler.enabled", "false");
        }
    }

    @Inject
    Outbox outbox;

    @Test
    void aCommitWakesTheRelayAndARollbackPublishesNothing() throws Exception {
        String abandoned = "abandoned-" + UUID.randomUUID();
        List<String> committed = List.of("first-" + UUID.randomUUID(), "second-" + UUID.randomUUID(),
                "third-" + UUID.randomUUID());
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), TOPIC)) {
            assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
                outbox.add(TOPIC, event(abandoned));
                throw new IllegalStateException("the work failed after its event was written");
            }));
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.add(TOPIC, event(committed.get(0)));
                outbox.addAll(TOPIC, List.of(event(committed.get(1)), event(committed.get(2))));
            });
            List<String> published = probe.await(r -> true, committed.size(), Duration.ofSeconds(20)).stream()
                    .map(r -> TopicProbe.header(r, "ce_id")).toList();
            assertEquals(committed, published, "published after the commit, in order, without a poll");
            List<String> all = probe.drain(Duration.ofSeconds(2)).stream().map(r -> TopicProbe.header(r, "ce_id"))
                    .toList();
            assertEquals(committed, all, "nothing of the rolled-back transaction, nothing twice");
        }
    }

    private static CloudEvent event(String id) {
        return new CloudEvent(id, "kz.tapbot.test", "/tests", Instant.now(), "wake", "{}");
    }
}
