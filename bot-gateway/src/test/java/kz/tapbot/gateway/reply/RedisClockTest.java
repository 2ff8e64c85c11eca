package kz.tapbot.gateway.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Slots from an answer handled late land where the schedule put them, not later by the delay. */
class RedisClockTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Redis's clock and this JVM's differ by an arbitrary amount. */
    private static final long OFFSET = 1_764_000_000_000_000_000L - 5_000_000L * MS;

    @Test
    void theLeastDelayedAnswerSetsTheMapping() {
        BotRateLimiter.RedisClock clock = new BotRateLimiter.RedisClock();
        // answers handled 1 ms, then 40 ms (a busy event loop), then 2 ms after Redis's "now"
        assertEquals(101 * MS, clock.toLocal(OFFSET + 100 * MS, 101 * MS));
        long late = clock.toLocal(OFFSET + 200 * MS, 240 * MS);
        assertEquals(201 * MS, late, "an answer handled 40 ms late is placed by the 1 ms one");
        long next = clock.toLocal(OFFSET + 300 * MS, 302 * MS);
        assertEquals(301 * MS, next);
    }

    @Test
    void oldObservationsLeaveTheWindowSoDriftIsFollowed() {
        BotRateLimiter.RedisClock clock = new BotRateLimiter.RedisClock();
        clock.toLocal(OFFSET, 1 * MS);
        for (int i = 1; i <= 64; i++) {
            clock.toLocal(OFFSET + i * 1000 * MS, i * 1000 * MS + 3 * MS);
        }
        assertEquals(65_003 * MS, clock.toLocal(OFFSET + 65_000 * MS, 65_003 * MS),
                "the 1 ms answer is 65 answers old: the least of the last 64 is 3 ms");
    }
}
