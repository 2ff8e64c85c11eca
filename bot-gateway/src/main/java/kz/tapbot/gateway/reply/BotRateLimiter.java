package kz.tapbot.gateway.reply;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.platform.redis.RedisScript;
import org.jboss.logging.Logger;

/**
 * Telegram's per-bot limit shared by every gateway instance: the bot's sends are paced one every
 * {@code 1030 ms / maxMessagesPerSecond} (34.3 ms for 30/s) on one schedule in Redis, rate:tg:bot:{bot}: the time
 * of the bot's next free send slot, on Redis's own clock, so the instances' clocks do not matter. Any 31 sends of
 * the bot are thus at least 1030 ms apart: Telegram's 30 in any second holds with 30 ms to spare for the requests'
 * jitter (20 ms was measured too little: benchmark 3 provoked 5 429s in 10,000 sends), and a backlog still leaves at
 * 29.1 messages/s, steadily rather than in bursts of 30 that Telegram may count into one second. Never blocks: an
 * instance reserves the slots of the next {@link #HORIZON_MILLIS} for the replies it has waiting, one request per bot
 * at a time, and its dispatcher sends at each slot's time; a slot not used within {@link #LATE_MILLIS} of it is
 * dropped, as a later send would crowd the next one. While Redis cannot
 * answer, no slots are granted and sending pauses: an instance cannot tell how many others are sending, and any
 * local share could exceed the limit together.
 *
 * <p>Slots were placed on the local clock from the moment Redis's answer was handled, which a busy event loop can
 * delay by tens of milliseconds for one answer and not the next: the slots of the two then came closer than the
 * schedule's (benchmark 3 saw 31 sends reach the stub within 976 ms). They are now placed by Redis's clock, mapped
 * onto the local one through the least-delayed recent answer ({@link RedisClock}).
 *
 * <p>The schedule spaces the sends as they leave; Telegram counts them as they arrive, somewhere between a send
 * leaving and its answer coming back. One request delayed on its way by tens of milliseconds (a busy core, a
 * retransmit) and the next on time put 31 arrivals within a second however the sends were spaced (benchmark 3: one
 * 429 in 10,000 on a noisy machine). So an instance also holds each send until Telegram has answered the send
 * {@code maxMessagesPerSecond} before it at least {@link #ANSWERED_SPAN_MILLIS} ago: that send arrived before its
 * answer, and this one arrives after it leaves, so the two are more than a second apart wherever the delay fell.
 * With answers in a few milliseconds, this rarely holds a send beyond its slot; a send still unanswered holds the
 * one {@code maxMessagesPerSecond} after it until its answer or the Bot API client's timeout.
 */
@ApplicationScoped
class BotRateLimiter {

    private static final Logger LOG = Logger.getLogger(BotRateLimiter.class);
    /** The span any maxMessagesPerSecond + 1 consecutive sends cover at least: Telegram's second plus a margin. */
    static final long SPAN_MILLIS = 1030;
    /**
     * How long after the answer to a send the send {@code maxMessagesPerSecond} after it may leave: Telegram's
     * second, and 5 ms for the two clocks (Telegram's is not ours; a stub's wall clock is read in whole
     * milliseconds).
     */
    static final long ANSWERED_SPAN_MILLIS = 1005;
    static final long HORIZON_MILLIS = 100;
    /**
     * A slot reached this much later than its time is dropped. It was 8 ms while sends were held by when they left
     * (16 ms gave two 429s); their answers now guard the window an instance's late send could crowd.
     */
    static final long LATE_MILLIS = 16;
    private static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(LATE_MILLIS);
    private static final long ANSWERED_SPAN_NANOS = TimeUnit.MILLISECONDS.toNanos(ANSWERED_SPAN_MILLIS);
    /** {@link #holdNanos}: held until an answer comes, not for a known time. */
    static final long UNTIL_ANSWERED = Long.MAX_VALUE;
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    private static final long RETRY_WHEN_DOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

    // KEYS[1] = the bot's next free slot (microseconds, Redis clock); ARGV = interval, horizon (both in
    // microseconds), slots wanted. Returns {slots granted, microseconds until the first of them, microseconds until
    // an ask may be granted a further slot, Redis's clock now in microseconds}.
    private static final RedisScript RESERVE_SLOTS = new RedisScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local horizon = tonumber(ARGV[2])
            local wanted = tonumber(ARGV[3])
            local slot = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
            if slot < now then slot = now end
            local first = slot - now
            local granted = 0
            while granted < wanted and slot - now <= horizon do
              granted = granted + 1
              slot = slot + interval
            end
            if granted > 0 then
              redis.call('SET', KEYS[1], string.format('%.0f', slot), 'PX', math.floor((slot - now) / 1000) + 1000)
            end
            return {granted, first, math.max(0, slot - now - horizon), now}
            """);

    private final ReactiveRedisDataSource redis;
    private final long intervalMicros;
    private final int perSpan;
    private final Map<String, Slots> slots = new HashMap<>();
    private final RedisClock redisClock = new RedisClock();
    private boolean redisDown;

    BotRateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.intervalMicros = TimeUnit.MILLISECONDS.toMicros(SPAN_MILLIS) / config.telegram().maxMessagesPerSecond();
        this.perSpan = config.telegram().maxMessagesPerSecond();
    }

    /**
     * Takes the bot's send slot whose time has come, if one was reserved and is not stale and this instance's
     * earlier sends do not hold it back; never waits. Returns the send, whose answer must be reported to
     * {@link #answered}, or null.
     */
    synchronized Send tryTake(String bot, long now) {
        Slots reserved = slots.computeIfAbsent(bot, b -> new Slots());
        // a late slot is dropped even when this instance's own last sends held it back (below): sending later eats
        // into the schedule's margin against the next slots, which other instances may hold
        while (!reserved.at.isEmpty() && now - reserved.at.peekFirst() > LATE_NANOS) {
            reserved.at.pollFirst();
        }
        if (reserved.at.isEmpty() || now - reserved.at.peekFirst() < 0 || hold(reserved, now) > 0) {
            return null;
        }
        reserved.at.pollFirst();
        Send send = new Send();
        reserved.sent.addLast(send);
        while (reserved.sent.size() > perSpan) {
            reserved.sent.pollFirst();
        }
        return send;
    }

    /** Telegram answered {@code send} (whatever the answer, or the call failed) at {@code now}. */
    synchronized void answered(Send send, long now) {
        send.answeredAt = now;
        send.answered = true;
    }

    /**
     * How long this instance's own last sends still hold the bot's next send back: 0 if they do not,
     * {@link #UNTIL_ANSWERED} while the one that holds it has no answer yet.
     */
    synchronized long holdNanos(String bot, long now) {
        Slots reserved = slots.get(bot);
        return reserved == null ? 0 : hold(reserved, now);
    }

    /** 0 unless the send maxMessagesPerSecond back was answered less than the span before {@code now}, or not yet. */
    private long hold(Slots reserved, long now) {
        if (reserved.sent.size() < perSpan) {
            return 0;
        }
        Send oldest = reserved.sent.peekFirst();
        return oldest.answered ? Math.max(0, oldest.answeredAt + ANSWERED_SPAN_NANOS - now) : UNTIL_ANSWERED;
    }

    /**
     * Reserves slots for up to {@code waiting} sends (less the slots already reserved), unless a request is out or
     * none can be had yet; {@code wakeUpIn} is called with the nanoseconds until each granted slot.
     */
    synchronized void ask(String bot, int waiting, long now, LongConsumer wakeUpIn) {
        Slots state = slots.computeIfAbsent(bot, b -> new Slots());
        int wanted = waiting - state.at.size();
        if (wanted <= 0 || state.asking || now - state.askNotBefore < 0) {
            return;
        }
        state.asking = true;
        RESERVE_SLOTS.run(redis, "1", "rate:tg:bot:" + bot, String.valueOf(intervalMicros),
                        String.valueOf(TimeUnit.MILLISECONDS.toMicros(HORIZON_MILLIS)), String.valueOf(wanted))
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .subscribe().with(
                        answer -> granted(bot, answer, wakeUpIn),
                        error -> unavailable(bot, error));
    }

    private void granted(String bot, Response answer, LongConsumer wakeUpIn) {
        long arrived = System.nanoTime();
        int count = answer.get(0).toInteger();
        long intervalNanos = TimeUnit.MICROSECONDS.toNanos(intervalMicros);
        long redisNow = TimeUnit.MICROSECONDS.toNanos(answer.get(3).toLong());
        long first;
        synchronized (this) {
            // Redis's "now" on the local clock: the answer arrived some time after it; the least such delay seen
            // lately is the best estimate, so every answer's slots are placed alike however late it was handled
            long local = redisClock.toLocal(redisNow, arrived);
            first = local + TimeUnit.MICROSECONDS.toNanos(answer.get(1).toLong());
            if (redisDown) {
                LOG.infof("Redis answers again: sending to Telegram resumes");
                redisDown = false;
            }
            Slots state = slots.get(bot);
            state.asking = false;
            for (int i = 0; i < count; i++) {
                state.at.addLast(first + i * intervalNanos);
            }
            state.askNotBefore = local + TimeUnit.MICROSECONDS.toNanos(answer.get(2).toLong());
        }
        for (int i = 0; i < count; i++) {
            wakeUpIn.accept(Math.max(0, first + i * intervalNanos - arrived));
        }
    }

    private synchronized void unavailable(String bot, Throwable error) {
        if (!redisDown) {
            LOG.warnf("cannot take %s's Telegram send slots from Redis, sending pauses until it answers: %s",
                    bot, error.getMessage());
            redisDown = true;
        }
        Slots state = slots.get(bot);
        state.asking = false;
        state.askNotBefore = System.nanoTime() + RETRY_WHEN_DOWN_NANOS;
    }

    /**
     * Maps Redis's clock onto this JVM's: each answer tells Redis's time when the script ran and arrives some
     * delay later. The smallest difference among the recent answers is the truest (the least delayed one); a
     * window of them rather than all time follows the two clocks' drift.
     */
    static final class RedisClock {
        private static final int WINDOW = 64;
        private final Deque<Long> differences = new ArrayDeque<>();

        /** Redis's time {@code redisNanos}, read in an answer that arrived at local {@code arrivedNanos}, locally. */
        long toLocal(long redisNanos, long arrivedNanos) {
            differences.addLast(arrivedNanos - redisNanos);
            if (differences.size() > WINDOW) {
                differences.pollFirst();
            }
            long least = Long.MAX_VALUE;
            for (long difference : differences) {
                least = Math.min(least, difference);
            }
            return redisNanos + least;
        }
    }

    /** A send that took a slot; when Telegram answered it (System.nanoTime), once it has. */
    static final class Send {
        private boolean answered;
        private long answeredAt;
    }

    private static final class Slots {
        /** The times (System.nanoTime) of the slots reserved and not used yet, earliest first. */
        final Deque<Long> at = new ArrayDeque<>();
        /** This instance's last sends (at most maxMessagesPerSecond), earliest first. */
        final Deque<Send> sent = new ArrayDeque<>();
        boolean asking;
        long askNotBefore = System.nanoTime();
    }
}
