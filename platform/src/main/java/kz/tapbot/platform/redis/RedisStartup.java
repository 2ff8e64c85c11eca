package kz.tapbot.platform.redis;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Creates the Redis data sources first thing at start, on the main thread. Created lazily, they may otherwise be
 * created by two threads at once (a scheduled job and a startup observer), which the Redis extension's recorder
 * does not survive (a ConcurrentModificationException fails the start).
 */
@ApplicationScoped
class RedisStartup {

    void createFirst(@Observes @Priority(1) StartupEvent start, RedisDataSource redis, ReactiveRedisDataSource reactive) {
        redis.getReactive();
        reactive.getRedis();
    }
}
