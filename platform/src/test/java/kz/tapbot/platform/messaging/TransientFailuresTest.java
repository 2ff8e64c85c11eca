package kz.tapbot.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void aPassingOutageIsRetriedUntilTheRecordIsHandled() {
        AtomicInteger attempts = new AtomicInteger();
        new TransientFailures(Duration.ofSeconds(10)).retry("test", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database is restarting");
            }
        });
        assertEquals(3, attempts.get());
    }

    @Test
    void aMalformedRecordIsNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(MalformedEventException.class, () -> new TransientFailures(Duration.ofSeconds(10))
                .retry("test", () -> {
                    attempts.incrementAndGet();
                    throw new MalformedEventException("missing ce_id");
                }));
        assertEquals(1, attempts.get());
    }

    @Test
    void anOutageThatOutlastsTheLimitIsGivenUpForTheDeadLetterTopic() {
        assertThrows(IllegalStateException.class, () -> new TransientFailures(Duration.ofMillis(300))
                .retry("test", () -> {
                    throw new IllegalStateException("still down");
                }));
    }
}
