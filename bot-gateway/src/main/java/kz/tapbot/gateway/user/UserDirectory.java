package kz.tapbot.gateway.user;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.redis.RedisScript;

/**
 * Telegram users and their profiles (seed: "Пользователи и профили"): rows in gateway.telegram_user, upserted
 * when a user's profile changes (and every few minutes while they write), with the profile cached in Redis as the
 * hash user:telegram:{id}.
 */
@ApplicationScoped
public class UserDirectory {

    private static final long PROFILE_TTL_SECONDS = 24 * 3600;
    /** How long a profile written to PostgreSQL, and unchanged since, is not written again. */
    static final Duration SYNC_EVERY = Duration.ofMinutes(5);
    private static final String SYNCED_AT = "synced_at";
    /**
     * The cached profile replaced in one round trip (it was three): the fields Telegram may leave out dropped first, so
     * that a username the user removed does not stay cached and make every later message look changed; then the
     * profile, the bot's block lifted, the TTL renewed. KEYS[1] = the hash; ARGV = bot, ttl in s, field, value, ...
     */
    private static final RedisScript STORE_PROFILE = new RedisScript("""
            redis.call('HDEL', KEYS[1], 'username', 'first_name', 'last_name', 'language_code', 'blocked:' .. ARGV[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    private final AgroalDataSource dataSource;
    private final HashCommands<String, String, String> profiles;
    private final ReactiveRedisDataSource reactiveRedis;
    private final Clock clock;

    UserDirectory(AgroalDataSource dataSource, RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, Clock clock) {
        this.dataSource = dataSource;
        this.reactiveRedis = reactiveRedis;
        this.clock = clock;
        this.profiles = redis.hash(String.class);
    }

    /**
     * Records that the user wrote to {@code bot}: profile refreshed, any earlier block of that bot lifted. The row is
     * written only when {@code cached} (the profile cached in Redis, read by the caller in a round trip it makes
     * anyway) differs, holds a block of this bot, or was written over {@link #SYNC_EVERY} ago: a chat's every message
     * cost a PostgreSQL commit and four Redis calls on the webhook's path, now none (last_seen_at is thus at most that
     * old); a write is the row, on a worker thread, and one Redis call.
     */
    public Uni<Void> refresh(String bot, BotUpdate.User user, Map<String, String> cached) {
        Map<String, String> profile = new HashMap<>();
        profile.put("id", String.valueOf(user.id()));
        putIfPresent(profile, "username", user.username());
        putIfPresent(profile, "first_name", user.firstName());
        putIfPresent(profile, "last_name", user.lastName());
        putIfPresent(profile, "language_code", user.languageCode());
        if (isFresh(cached, profile, bot)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().item(() -> {
            storeRow(bot, user);
            return profile;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).chain(stored -> cache(bot, user.id(), stored));
    }

    private void storeRow(String bot, BotUpdate.User user) {
        String sql = """
                INSERT INTO gateway.telegram_user (id, username, first_name, last_name, language_code)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET username = excluded.username, first_name = excluded.first_name,
                    last_name = excluded.last_name, language_code = excluded.language_code, last_seen_at = now(),
                    blocked_bots = array_remove(telegram_user.blocked_bots, ?)
                """;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(sql)) {
            upsert.setLong(1, user.id());
            upsert.setString(2, user.username());
            upsert.setString(3, user.firstName());
            upsert.setString(4, user.lastName());
            upsert.setString(5, user.languageCode());
            upsert.setString(6, bot);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store telegram user", e);
        }
    }

    private Uni<Void> cache(String bot, long userId, Map<String, String> profile) {
        profile.put(SYNCED_AT, String.valueOf(clock.millis()));
        List<String> arguments = new ArrayList<>(List.of("1", profileKey(userId), bot,
                String.valueOf(PROFILE_TTL_SECONDS)));
        profile.forEach((field, value) -> {
            arguments.add(field);
            arguments.add(value);
        });
        return STORE_PROFILE.run(reactiveRedis, arguments.toArray(String[]::new)).replaceWithVoid();
    }

    /** The cached profile is the same, written to PostgreSQL recently, and holds no block of this bot. */
    private boolean isFresh(Map<String, String> cached, Map<String, String> profile, String bot) {
        if (cached == null || cached.isEmpty() || cached.containsKey("blocked:" + bot)) {
            return false;
        }
        long synced;
        try {
            synced = Long.parseLong(cached.getOrDefault(SYNCED_AT, "0"));
        } catch (NumberFormatException e) {
            return false;
        }
        if (clock.millis() - synced > SYNC_EVERY.toMillis()) {
            return false;
        }
        for (String field : List.of("id", "username", "first_name", "last_name", "language_code")) {
            if (!Objects.equals(cached.get(field), profile.get(field))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The Bot API said 403 for this chat: the user blocked {@code bot}. In a private chat, the only
     * kind the bots serve, the chat id is the user's id. The mark is lifted when they write again.
     */
    public void markBlocked(String bot, long userId) {
        // the mark in Redis first: it makes the user's next message write the row again, which lifts the block
        profiles.hset(profileKey(userId), "blocked:" + bot, "1");
        String sql = "UPDATE gateway.telegram_user SET blocked_bots = array_append(blocked_bots, ?)"
                + " WHERE id = ? AND NOT (? = ANY (blocked_bots))";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, bot);
            update.setLong(2, userId);
            update.setString(3, bot);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record blocked user", e);
        }
    }

    /** The hash user:telegram:{id} that caches a user's profile. */
    public static String profileKey(long userId) {
        return "user:telegram:" + userId;
    }

    private static void putIfPresent(Map<String, String> map, String field, String value) {
        if (value != null) {
            map.put(field, value);
        }
    }
}
