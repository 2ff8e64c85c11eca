package kz.tapbot.gateway.user;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.hash.HashCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import kz.tapbot.events.BotUpdate;

/**
 * Telegram users and their profiles (seed: "Пользователи и профили"): rows in gateway.telegram_user,
 * upserted on every update, with the profile cached in Redis as the hash user:telegram:{id}.
 */
@ApplicationScoped
public class UserDirectory {

    private static final long PROFILE_TTL_SECONDS = 24 * 3600;

    private final AgroalDataSource dataSource;
    private final HashCommands<String, String, String> profiles;
    private final RedisDataSource redis;

    UserDirectory(AgroalDataSource dataSource, RedisDataSource redis) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.profiles = redis.hash(String.class);
    }

    /** Records that the user wrote to {@code bot}: profile refreshed, any earlier block of that bot lifted. */
    public void remember(String bot, BotUpdate.User user) {
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
        Map<String, String> profile = new HashMap<>();
        profile.put("id", String.valueOf(user.id()));
        putIfPresent(profile, "username", user.username());
        putIfPresent(profile, "first_name", user.firstName());
        putIfPresent(profile, "last_name", user.lastName());
        putIfPresent(profile, "language_code", user.languageCode());
        String key = profileKey(user.id());
        profiles.hset(key, profile);
        profiles.hdel(key, "blocked:" + bot);
        redis.key(String.class).expire(key, PROFILE_TTL_SECONDS);
    }

    /**
     * The Bot API said 403 for this chat: the user blocked {@code bot}. In a private chat, the only
     * kind the bots serve, the chat id is the user's id. The mark is lifted when they write again.
     */
    public void markBlocked(String bot, long userId) {
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
        profiles.hset(profileKey(userId), "blocked:" + bot, "1");
    }

    static String profileKey(long userId) {
        return "user:telegram:" + userId;
    }

    private static void putIfPresent(Map<String, String> map, String field, String value) {
        if (value != null) {
            map.put(field, value);
        }
    }
}
