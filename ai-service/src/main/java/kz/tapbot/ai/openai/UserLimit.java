package kz.tapbot.ai.openai;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;

/** At most {@code userLimitPerMinute} model calls per user and minute, counted in rate:api:openai:{user}. */
@ApplicationScoped
public class UserLimit {

    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keys;
    private final int perMinute;

    UserLimit(RedisDataSource redis, OpenAiSettings settings) {
        this.counters = redis.value(Long.class);
        this.keys = redis.key(String.class);
        this.perMinute = settings.userLimitPerMinute();
    }

    /** Counts one call for the user; false when it is over the limit. */
    public boolean allow(long userId) {
        String key = key(userId);
        long count = counters.incr(key);
        if (count == 1) {
            keys.expire(key, 60);
        }
        return count <= perMinute;
    }

    public static String key(long userId) {
        return "rate:api:openai:" + userId;
    }
}
