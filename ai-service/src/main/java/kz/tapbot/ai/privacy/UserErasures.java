package kz.tapbot.ai.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.list.ListCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import kz.tapbot.ai.memory.ConversationMemory;
import kz.tapbot.ai.openai.RequestQueue;
import kz.tapbot.ai.openai.UserLimit;
import kz.tapbot.platform.messaging.EventIds;
import org.jboss.logging.Logger;

/**
 * Erases a user from ai-service: every message of their chats in ai.dialog_message (in and out), every reply their
 * messages caused in another chat (a driver or landlord told "new passenger Aigerim ..."), found by the replies'
 * derived event ids, the same messages' points in the conversations collection, their model-call counter
 * rate:api:openai:{user} and their work waiting in queue:ai:requests. Nothing of theirs is kept: the history serves
 * search and answers, both about people who are still here. Idempotent: a second run finds nothing.
 */
@ApplicationScoped
public class UserErasures {

    private static final Logger LOG = Logger.getLogger(UserErasures.class);
    /** How many replies one message may cause (reply-0 ... reply-19): the dialogs answer with a handful. */
    static final int MAX_REPLIES_PER_MESSAGE = 20;

    private final AgroalDataSource dataSource;
    private final ConversationMemory memory;
    private final RedisDataSource redis;

    UserErasures(AgroalDataSource dataSource, ConversationMemory memory, RedisDataSource redis) {
        this.dataSource = dataSource;
        this.memory = memory;
        this.redis = redis;
    }

    public void erase(long userId) {
        List<String> messages = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<String> theirs = select(c, "SELECT event_id FROM ai.dialog_message WHERE user_id = ? OR chat_id = ?",
                    userId);
            List<String> incoming = select(c, "SELECT event_id FROM ai.dialog_message WHERE direction = 'in'"
                    + " AND (user_id = ? OR chat_id = ?)", userId);
            Set<String> all = new LinkedHashSet<>(theirs);
            all.addAll(causedBy(c, incoming));
            messages.addAll(all);
            // the vectors first: should the rows' deletion fail, a retry finds the same messages again
            memory.forget(userId, messages);
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM ai.dialog_message WHERE event_id = ANY (?)")) {
                delete.setArray(1, c.createArrayOf("text", messages.toArray()));
                delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not erase the user's dialog history", e);
        }
        redis.key(String.class).del(UserLimit.key(userId));
        int dropped = dropQueued(RequestQueue.QUEUE, userId) + dropQueued(RequestQueue.PROCESSING, userId);
        LOG.infof("user erased from ai-service: %d messages, %d queued requests", messages.size(), dropped);
    }

    /** Replies in any chat derived from these incoming messages (the bots' answers, ai-service's own). */
    private static List<String> causedBy(Connection c, List<String> incoming) throws SQLException {
        if (incoming.isEmpty()) {
            return List.of();
        }
        List<String> candidates = new ArrayList<>();
        for (String update : incoming) {
            String understood = EventIds.derived(update, "understood");
            for (int n = 0; n < MAX_REPLIES_PER_MESSAGE; n++) {
                candidates.add(EventIds.derived(understood, "reply-" + n));
            }
            candidates.add(EventIds.derived(EventIds.derived(understood, "ai-request"), "answer"));
        }
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT event_id FROM ai.dialog_message WHERE event_id = ANY (?)")) {
            Array ids = c.createArrayOf("text", candidates.toArray());
            select.setArray(1, ids);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
        }
        return found;
    }

    private static List<String> select(Connection c, String sql, long userId) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setLong(1, userId);
            select.setLong(2, userId);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    /** Work for the model on the user's behalf is dropped: there is nobody left to answer. */
    private int dropQueued(String list, long userId) {
        ListCommands<String, String> lists = redis.list(String.class);
        Pattern theirs = Pattern.compile("(^|[^0-9])" + userId + "([^0-9]|$)");
        int dropped = 0;
        for (String item : lists.lrange(list, 0, -1)) {
            if (theirs.matcher(item).find()) {
                dropped += (int) lists.lrem(list, 0, item);
            }
        }
        return dropped;
    }
}
