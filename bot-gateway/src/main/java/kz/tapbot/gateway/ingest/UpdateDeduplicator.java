package kz.tapbot.gateway.ingest;

import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Telegram redelivers an update until it gets a 200, so each update_id is claimed in Redis
 * (tg:update:{bot}:{update_id}) before it is published ({@link UpdateGate}, with the flood guard), and marked done
 * once Kafka has it. A claim that fails to publish is released so that the redelivery is processed.
 */
@ApplicationScoped
class UpdateDeduplicator {

    static final String IN_PROGRESS_TTL_SECONDS = "60";
    private static final String DONE_TTL_SECONDS = String.valueOf(7 * 24 * 3600);

    private final RedisDataSource redis;

    UpdateDeduplicator(RedisDataSource redis) {
        this.redis = redis;
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

    static String key(String bot, long updateId) {
        return "tg:update:" + bot + ":" + updateId;
    }
}
