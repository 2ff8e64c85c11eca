package kz.tapbot.gateway.ingest;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import kz.tapbot.gateway.bot.GatewayConfig;

/**
 * The two checks an update passes in Redis before it is published, in one round trip (one script; they were two):
 * <ul>
 * <li>its update_id is claimed, {@code tg:update:{bot}:{update_id}} set {@code pending} if absent (Telegram
 * redelivers an update until it gets a 200: a claim already {@code done} is a repeat, one still pending is being
 * processed by another request; see {@link UpdateDeduplicator});</li>
 * <li>then, for a claimed update only, per-chat flood protection (seed: "Rate limiting"): a token bucket at
 * rate:tg:{bot}:{chat}, {@code burst} messages at once and {@code perMinute} after that. The first refused message
 * of a streak gets one polite answer; the rest of the streak is refused silently. A repeat takes no token.</li>
 * </ul>
 */
@ApplicationScoped
class UpdateGate {

    /** The verdicts, in the order of the numbers the script returns. */
    enum Verdict { ADMIT, REFUSE_AND_WARN, REFUSE, ALREADY_DONE, IN_PROGRESS }

    // KEYS[1] = the update's claim, KEYS[2] = the chat's bucket;
    // ARGV = the claim's ttl in s, capacity, tokens per millisecond, now in ms, the bucket's ttl in ms
    private static final String PASS = """
            if not redis.call('SET', KEYS[1], 'pending', 'NX', 'EX', ARGV[1]) then
              if redis.call('GET', KEYS[1]) == 'done' then return 3 else return 4 end
            end
            local b = redis.call('HMGET', KEYS[2], 'tokens', 'ts', 'warned')
            local capacity = tonumber(ARGV[2])
            local rate = tonumber(ARGV[3])
            local now = tonumber(ARGV[4])
            local tokens = tonumber(b[1]) or capacity
            local ts = tonumber(b[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local verdict
            if tokens >= 1 then
              tokens = tokens - 1
              redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'ts', ARGV[4], 'warned', '0')
              verdict = 0
            else
              if b[3] == '1' then verdict = 2 else verdict = 1 end
              redis.call('HSET', KEYS[2], 'tokens', tostring(tokens), 'ts', ARGV[4], 'warned', '1')
            end
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            return verdict
            """;

    private final RedisDataSource redis;
    private final Clock clock;
    private final int capacity;
    private final double tokensPerMilli;

    UpdateGate(RedisDataSource redis, Clock clock, GatewayConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.capacity = config.flood().burst();
        this.tokensPerMilli = config.flood().perMinute() / 60_000.0;
    }

    Verdict pass(String bot, long updateId, long chatId) {
        long ttl = (long) Math.ceil(capacity / tokensPerMilli);
        int verdict = redis.execute("EVAL", PASS, "2", UpdateDeduplicator.key(bot, updateId),
                "rate:tg:" + bot + ":" + chatId, UpdateDeduplicator.IN_PROGRESS_TTL_SECONDS, String.valueOf(capacity),
                String.valueOf(tokensPerMilli), String.valueOf(clock.millis()), String.valueOf(ttl)).toInteger();
        return Verdict.values()[verdict];
    }
}
