package kz.tapbot.gateway.ingest;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Telegram redelivers an update until it gets a 200, so each update_id is claimed in Redis
 * (tg:update:{bot}:{update_id}) before it is published, and marked done once Kafka has it.
 * A claim that fails to publish is released so that the redelivery is processed.
 */
@ApplicationScoped
class UpdateDeduplicator {

    enum Claim { NEW, ALREADY_DONE, IN_PROGRESS }

    private static final String IN_PROGRESS_TTL_SECONDS = "60";
    private static final String DONE_TTL_SECONDS = String.valueOf(7 * 24 * 3600);

    private final RedisDataSource redis;

    UpdateDeduplicator(RedisDataSource redis) {
        this.redis = redis;
    }

    Claim claim(String bot, long updateId) {
        String key = key(bot, updateId);
        Response set = redis.execute("SET", key, "pending", "NX", "EX", IN_PROGRESS_TTL_SECONDS);
        if (set != null) {
            return Claim.NEW;
        }
        Response current = redis.execute("GET", key);
        return current != null && "done".equals(current.toString()) ? Claim.ALREADY_DONE : Claim.IN_PROGRESS;
    }

    void markDone(String bot, long updateId) {
        redis.execute("SET", key(bot, updateId), "done", "EX", DONE_TTL_SECONDS);
    }

    void release(String bot, long updateId) {
        try {
            redis.execute("DEL", key(bot, updateId));
        } catch (RuntimeException ignored) {
            // Redis is gone: the claim expires by itself
        }
    }

    private static String key(String bot, long updateId) {
        return "tg:update:" + bot + ":" + updateId;
    }
}
