package kz.tapbot.gateway.ingest;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.gateway.user.UserDirectory;
import kz.tapbot.platform.redis.RedisScript;

/**
 * An update's way through Redis, without blocking a thread: one round trip before it is published and one after.
 * <ul>
 * <li>{@link #pass}: its update_id is claimed, {@code tg:update:{bot}:{update_id}} set {@code pending} if absent
 * (Telegram redelivers an update until it gets a 200: a claim already {@code done} is a repeat, one still pending is
 * being processed by another request); then, for a claimed update only, per-chat flood protection (seed: "Rate
 * limiting"): a token bucket at rate:tg:{bot}:{chat}, {@code burst} messages at once and {@code perMinute} after
 * that. The first refused message of a streak gets one polite answer; the rest of the streak is refused silently.
 * A repeat takes no token.</li>
 * <li>{@link #settle}: once Kafka has the update, its claim is marked {@code done} for a week, and the sender's cached
 * profile read back in the same script, for {@link UserDirectory#refresh}.</li>
 * <li>{@link #release}: a claimed update that was not published is let go, so that Telegram's redelivery after the
 * 503 is processed.</li>
 * </ul>
 */
@ApplicationScoped
class UpdateGate {

    /** The verdicts, in the order of the numbers the script returns. */
    enum Verdict { ADMIT, REFUSE_AND_WARN, REFUSE, ALREADY_DONE, IN_PROGRESS }

    static final String IN_PROGRESS_TTL_SECONDS = "60";
    /**
     * How long a call waits for Redis (the reactive client has no timeout of its own): a Redis that holds its
     * connections open but does not answer gets a 503, not a webhook that hangs. A claim that Redis carries out after
     * its call gave up stays {@code pending} for its minute: Telegram's redeliveries get 503 until then.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String DONE_TTL_SECONDS = String.valueOf(7 * 24 * 3600);

    // KEYS[1] = the update's claim, KEYS[2] = the chat's bucket;
    // ARGV = the claim's ttl in s, capacity, tokens per millisecond, now in ms, the bucket's ttl in ms
    private static final RedisScript PASS = new RedisScript("""
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
            """);

    // KEYS[1] = the update's claim, KEYS[2] = the sender's cached profile; ARGV[1] = the done mark's ttl in s
    private static final RedisScript SETTLE = new RedisScript("""
            redis.call('SET', KEYS[1], 'done', 'EX', ARGV[1])
            return redis.call('HGETALL', KEYS[2])
            """);

    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final int capacity;
    private final double tokensPerMilli;

    UpdateGate(ReactiveRedisDataSource redis, Clock clock, GatewayConfig config) {
        this.redis = redis;
        this.clock = clock;
        this.capacity = config.flood().burst();
        this.tokensPerMilli = config.flood().perMinute() / 60_000.0;
    }

    Uni<Verdict> pass(String bot, long updateId, long chatId) {
        long ttl = (long) Math.ceil(capacity / tokensPerMilli);
        return PASS.run(redis, "2", claimKey(bot, updateId), "rate:tg:" + bot + ":" + chatId,
                        IN_PROGRESS_TTL_SECONDS, String.valueOf(capacity), String.valueOf(tokensPerMilli),
                        String.valueOf(clock.millis()), String.valueOf(ttl))
                .ifNoItem().after(TIMEOUT).fail()
                .map(verdict -> Verdict.values()[verdict.toInteger()]);
    }

    /** Marks the update done and answers the profile cached for {@code userId} (empty if none). */
    Uni<Map<String, String>> settle(String bot, long updateId, long userId) {
        return SETTLE.run(redis, "2", claimKey(bot, updateId), UserDirectory.profileKey(userId),
                DONE_TTL_SECONDS).map(UpdateGate::toMap);
    }

    /** Never fails: with Redis gone, the claim expires by itself within {@value #IN_PROGRESS_TTL_SECONDS} s. */
    Uni<Void> release(String bot, long updateId) {
        return redis.execute("DEL", claimKey(bot, updateId)).ifNoItem().after(TIMEOUT).fail()
                .replaceWithVoid().onFailure().recoverWithNull();
    }

    static String claimKey(String bot, long updateId) {
        return "tg:update:" + bot + ":" + updateId;
    }

    /** A script's HGETALL comes back as a flat list: field, value, field, value. */
    private static Map<String, String> toMap(Response flat) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(flat.get(i).toString(), flat.get(i + 1).toString());
        }
        return map;
    }
}
