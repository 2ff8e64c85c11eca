package kz.tapbot.platform.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Where each chat is in a bot's dialog: JSON in Redis at session:bot:{bot}:{chat}, forgotten
 * {@code tapbot.dialog.session-ttl} after the chat's last message. A session that cannot be read (an
 * older format, a corrupted value) counts as none: the dialog restarts politely.
 */
@ApplicationScoped
public class SessionStore {

    private static final Logger LOG = Logger.getLogger(SessionStore.class);

    private final ValueCommands<String, String> values;
    private final ObjectMapper json;
    private final long ttlSeconds;

    SessionStore(RedisDataSource redis, ObjectMapper json,
                 @ConfigProperty(name = "tapbot.dialog.session-ttl", defaultValue = "24h") Duration ttl) {
        this.values = redis.value(String.class);
        this.json = json;
        this.ttlSeconds = ttl.toSeconds();
    }

    public <S> Optional<S> load(String bot, long chatId, Class<S> type) {
        String stored = values.get(key(bot, chatId));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(json.readValue(stored, type));
        } catch (Exception e) {
            LOG.warnf("unreadable %s session of a chat, starting afresh: %s", bot, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    public void save(String bot, long chatId, Object session) {
        try {
            values.setex(key(bot, chatId), ttlSeconds, json.writeValueAsString(session));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String key(String bot, long chatId) {
        return "session:bot:" + bot + ":" + chatId;
    }
}
