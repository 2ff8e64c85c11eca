package kz.tapbot.taxi.dialog;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.taxi.TaxiSettings;
import org.jboss.logging.Logger;

/**
 * Dialog sessions in Redis at session:bot:taxi:{chat}, as JSON, with a TTL. A session that cannot be
 * read (an older format, a corrupted value) is treated as a fresh one: the dialog restarts politely.
 */
@ApplicationScoped
public class SessionStore {

    private static final Logger LOG = Logger.getLogger(SessionStore.class);

    private final ValueCommands<String, String> values;
    private final ObjectMapper json;
    private final long ttlSeconds;

    SessionStore(RedisDataSource redis, ObjectMapper json, TaxiSettings settings) {
        this.values = redis.value(String.class);
        this.json = json;
        this.ttlSeconds = settings.sessionTtl().toSeconds();
    }

    public Session load(long chatId) {
        String stored = values.get(key(chatId));
        if (stored == null) {
            return Session.fresh();
        }
        try {
            Session session = json.readValue(stored, Session.class);
            return session.state() == null ? Session.fresh() : session;
        } catch (Exception e) {
            LOG.warnf("unreadable taxi session of a chat, starting afresh: %s", e.getClass().getSimpleName());
            return Session.fresh();
        }
    }

    public void save(long chatId, Session session) {
        try {
            values.setex(key(chatId), ttlSeconds, json.writeValueAsString(session));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String key(long chatId) {
        return "session:bot:taxi:" + chatId;
    }
}
