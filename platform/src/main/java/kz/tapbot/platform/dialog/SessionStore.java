package kz.tapbot.platform.dialog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return read(bot, chatId, null, type);
    }

    /**
     * The state an incoming event is to be applied to. Normally the stored one; but if this very event already saved
     * its result (see {@link #saveFrom}) and is being handled again, because its transaction did not commit (the
     * instance died, or a transient failure is retried), the state from before it: the dialog moves one step per
     * event, never two, whichever instance handles the redelivery.
     */
    public <S> Optional<S> loadFor(String bot, long chatId, String eventId, Class<S> type) {
        return read(bot, chatId, eventId, type);
    }

    public void save(String bot, long chatId, Object session) {
        write(bot, chatId, json.createObjectNode().set("state", json.valueToTree(session)));
    }

    /**
     * Saves the state an event led to, with the state before it, inside the event's transaction (before it commits,
     * so that a committed event always finds its result saved).
     */
    public void saveFrom(String bot, long chatId, String eventId, Object before, Object after) {
        ObjectNode envelope = json.createObjectNode().put("event", eventId);
        envelope.set("state", json.valueToTree(after));
        envelope.set("before", json.valueToTree(before));
        write(bot, chatId, envelope);
    }

    private <S> Optional<S> read(String bot, long chatId, String eventId, Class<S> type) {
        String stored = values.get(key(bot, chatId));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(stored);
            if (!node.has("state")) {
                return Optional.ofNullable(json.treeToValue(node, type)); // written before the envelope existed
            }
            boolean again = eventId != null && eventId.equals(node.path("event").asText(null));
            JsonNode state = again ? node.get("before") : node.get("state");
            return state == null || state.isNull() ? Optional.empty() : Optional.ofNullable(json.treeToValue(state, type));
        } catch (Exception e) {
            LOG.warnf("unreadable %s session of a chat, starting afresh: %s", bot, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void write(String bot, long chatId, ObjectNode envelope) {
        try {
            values.setex(key(bot, chatId), ttlSeconds, json.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String key(String bot, long chatId) {
        return "session:bot:" + bot + ":" + chatId;
    }
}
