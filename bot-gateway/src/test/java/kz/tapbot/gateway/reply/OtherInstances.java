package kz.tapbot.gateway.reply;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.gateway.telegram.BotApiClient;
import kz.tapbot.gateway.user.UserDirectory;

/**
 * The sending side of further gateway instances in the test's JVM, as other pods have their own: each call builds
 * a new dispatcher with its own limiter, or a new delivery record with its own claim, on the same Redis and Bot API.
 */
@ApplicationScoped
class OtherInstances {

    private final BotApiClient api;
    private final UserDirectory users;
    private final MeterRegistry metrics;
    private final GatewayConfig config;
    private final ReactiveRedisDataSource redis;
    private final BotRegistry bots;

    OtherInstances(BotApiClient api, UserDirectory users, MeterRegistry metrics, GatewayConfig config,
                   ReactiveRedisDataSource redis, BotRegistry bots) {
        this.api = api;
        this.users = users;
        this.metrics = metrics;
        this.config = config;
        this.redis = redis;
        this.bots = bots;
    }

    TelegramDispatcher dispatcher() {
        return new TelegramDispatcher(api, users, metrics, config, new BotRateLimiter(redis, config));
    }

    DeliveredReplies deliveredReplies() {
        return new DeliveredReplies(redis, config);
    }

    Bot taxiBot() {
        return bots.find("taxi").orElseThrow();
    }
}
