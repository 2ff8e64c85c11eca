package kz.tapbot.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
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
    void aFailureCausedByTheRecordItselfIsNotRetriedAndNamesItsCause() {
        AtomicInteger attempts = new AtomicInteger();
        MalformedEventException npe = assertThrows(MalformedEventException.class,
                () -> new TransientFailures(Duration.ofSeconds(10)).retry("test", () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("handling failed", new NullPointerException("update is null"));
                }));
        assertEquals(1, attempts.get());
        assertTrue(npe.getMessage().contains("NullPointerException: update is null"), npe.getMessage());

        MalformedEventException refused = assertThrows(MalformedEventException.class,
                () -> new TransientFailures(Duration.ofSeconds(10)).retry("test", () -> {
                    throw new IllegalStateException("could not store", new SQLException(
                            "invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
                }));
        assertTrue(refused.getMessage().contains("22021"), refused.getMessage());
    }

    @Test
    void theDatabaseBeingDownIsRetriedNotTakenForABadRecord() {
        AtomicInteger attempts = new AtomicInteger();
        new TransientFailures(Duration.ofSeconds(10)).retry("test", () -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("could not store", new SQLException("Connection refused", "08001"));
            }
        });
        assertEquals(2, attempts.get());
    }

    @Test
    void anOutageThatOutlastsTheLimitIsGivenUpForTheDeadLetterTopic() {
        assertThrows(IllegalStateException.class, () -> new TransientFailures(Duration.ofMillis(300))
                .retry("test", () -> {
                    throw new IllegalStateException("still down");
                }));
    }
}
