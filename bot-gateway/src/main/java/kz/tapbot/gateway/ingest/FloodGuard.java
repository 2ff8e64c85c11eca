package kz.tapbot.gateway.ingest;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import kz.tapbot.gateway.bot.GatewayConfig;

/**
 * Per-chat flood protection (seed: "Rate limiting"): a token bucket in Redis at rate:tg:{bot}:{chat},
 * {@code burst} messages at once and {@code perMinute} after that. The first refused message of a
 * streak gets one polite answer; the rest of the streak is refused silently.
 */
@ApplicationScoped
class FloodGuard {

    enum Verdict { ADMIT, REFUSE_AND_WARN, REFUSE }

    // KEYS[1] = bucket; ARGV = capacity, tokens per millisecond, now in ms, ttl in ms
    private static final String TAKE_TOKEN = """
            local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'warned')
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            local tokens = tonumber(b[1]) or capacity
            local ts = tonumber(b[2]) or now
            tokens = math.min(capacity, tokens + math.max(0, now - ts) * rate)
            local verdict
            if tokens >= 1 then
              tokens = tokens - 1
              redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ARGV[3], 'warned', '0')
              verdict = 0
            else
              if b[3] == '1' then verdict = 2 else verdict = 1 end
              redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', ARGV[3], 'warned', '1')
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return verdict
            """;

    private final RedisDataSource redis;
    private final Clock clock;
    private final int capacity;
    private final double tokensPerMilli;

    FloodGuard(RedisDataSource redis, Clock clock, GatewayConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.capacity = config.flood().burst();
        this.tokensPerMilli = config.flood().perMinute() / 60_000.0;
    }

    Verdict admit(String bot, long chatId) {
        long ttl = (long) Math.ceil(capacity / tokensPerMilli);
        int verdict = redis.execute("EVAL", TAKE_TOKEN, "1", "rate:tg:" + bot + ":" + chatId,
                String.valueOf(capacity), String.valueOf(tokensPerMilli), String.valueOf(clock.millis()),
                String.valueOf(ttl)).toInteger();
        return Verdict.values()[verdict];
    }
}
