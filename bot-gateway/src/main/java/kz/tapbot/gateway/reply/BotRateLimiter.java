package kz.tapbot.gateway.reply;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.gateway.bot.GatewayConfig;
import org.jboss.logging.Logger;

/**
 * Telegram's per-bot limit shared by every gateway instance: a sliding window of send times in
 * Redis at rate:tg:bot:{bot} (a sorted set stamped with Redis's own clock, so the instances' clocks
 * do not matter), at most {@code maxMessagesPerSecond} in any 1050 ms, like Telegram's window plus a
 * margin for the requests' latency. Never blocks: the dispatcher takes slots granted earlier and asks
 * for more in the background, one request per bot at a time. A slot is used within 25 ms of asking
 * for it or dropped, so a send never lands later than the window counted it. While Redis cannot
 * answer, no slots are granted and sending pauses: an instance cannot tell how many others are
 * sending, and any local share could exceed the limit together.
 */
@ApplicationScoped
class BotRateLimiter {

    private static final Logger LOG = Logger.getLogger(BotRateLimiter.class);
    static final long WINDOW_MILLIS = 1050;
    private static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);
    private static final long RETRY_WHEN_DOWN_NANOS = TimeUnit.SECONDS.toNanos(1);

    // KEYS[1] = window; ARGV = window in ms, limit, slots wanted, member prefix.
    // Returns {slots granted, ms until the oldest send leaves the window when fewer were granted}.
    private static final String TAKE_SLOTS = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local wanted = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local granted = math.max(0, math.min(wanted, tonumber(ARGV[2]) - redis.call('ZCARD', KEYS[1])))
            for i = 1, granted do
              redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
            end
            local wait = 0
            if granted < wanted then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              if oldest[2] then wait = tonumber(oldest[2]) + window - now end
            end
            redis.call('PEXPIRE', KEYS[1], window)
            return {granted, wait}
            """;

    private final ReactiveRedisDataSource redis;
    private final int maxPerWindow;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, Slots> slots = new HashMap<>();
    private boolean redisDown;

    BotRateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.maxPerWindow = config.telegram().maxMessagesPerSecond();
    }

    /** Takes one send slot for the bot if one was granted and is still fresh; never waits. */
    synchronized boolean tryTake(String bot, long now) {
        Slots granted = slots.computeIfAbsent(bot, b -> new Slots());
        if (granted.count > 0 && now - granted.freshUntil >= 0) {
            granted.count = 0;
        }
        if (granted.count == 0) {
            return false;
        }
        granted.count--;
        return true;
    }

    /**
     * Asks Redis for up to {@code wanted} slots, unless a request is already out or the window is
     * known to be full; {@code onGranted} runs once slots arrive.
     */
    synchronized void ask(String bot, int wanted, long now, Runnable onGranted) {
        Slots state = slots.computeIfAbsent(bot, b -> new Slots());
        if (state.asking || now - state.askNotBefore < 0) {
            return;
        }
        state.asking = true;
        redis.execute("EVAL", TAKE_SLOTS, "1", "rate:tg:bot:" + bot, String.valueOf(WINDOW_MILLIS),
                        String.valueOf(maxPerWindow), String.valueOf(Math.min(wanted, maxPerWindow)),
                        instance + ":" + requests.incrementAndGet())
                .ifNoItem().after(REDIS_TIMEOUT).fail()
                .subscribe().with(
                        answer -> granted(bot, now, answer, onGranted),
                        error -> unavailable(bot, error));
    }

    private void granted(String bot, long askedAt, Response answer, Runnable onGranted) {
        int count = answer.get(0).toInteger();
        long waitMillis = answer.get(1).toLong();
        synchronized (this) {
            if (redisDown) {
                LOG.infof("Redis answers again: sending to Telegram resumes");
                redisDown = false;
            }
            Slots state = slots.get(bot);
            state.asking = false;
            state.count = count;
            state.freshUntil = askedAt + FRESH_NANOS;
            state.askNotBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
        }
        if (count > 0) {
            onGranted.run();
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

    private static final class Slots {
        int count;
        long freshUntil;
        boolean asking;
        long askNotBefore = System.nanoTime();
    }
}
