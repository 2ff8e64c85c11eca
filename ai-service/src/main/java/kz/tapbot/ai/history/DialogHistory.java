package kz.tapbot.ai.history;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.ai.memory.ConversationMemory;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;

/**
 * The dialog history in ai.dialog_message: every message in and out, stored once per event id. Phone
 * numbers in texts (a shared contact, a driver's number in a confirmation) are kept masked: the history
 * serves search and analysis, never contacting anyone. Each message with a text is also remembered in
 * the conversations vector collection for semantic search.
 */
@ApplicationScoped
public class DialogHistory {

    private final AgroalDataSource dataSource;
    private final ConversationMemory memory;

    DialogHistory(AgroalDataSource dataSource, ConversationMemory memory) {
        this.dataSource = dataSource;
        this.memory = memory;
    }

    /** An update as received, with what the parser understood of it. */
    public record Incoming(String eventId, BotUpdate update, String intent, String language) {
    }

    /** A reply the bots sent, as bot.replies carried it. */
    public record Outgoing(String eventId, BotReply reply, Instant sentAt) {
    }

    /** Stores the updates in one transaction, each once (a redelivered one is skipped), and remembers them. */
    public void recordIncoming(List<Incoming> updates) {
        store(updates.stream().map(DialogHistory::row).toList());
    }

    private static Row row(Incoming incoming) {
        BotUpdate update = incoming.update();
        String kind = update.kind().name().toLowerCase();
        String callbackData = update.callback() == null ? null : update.callback().data();
        return new Row(incoming.eventId(), "in", update.bot(), update.chatId(), update.user().id(), kind, update.text(),
                callbackData, incoming.intent(), incoming.language(), update.sentAt());
    }

    /** Stores the replies in one transaction, each once (a redelivered one is skipped), and remembers them. */
    public void recordOutgoing(List<Outgoing> replies) {
        store(replies.stream().map(DialogHistory::row).toList());
    }

    private static Row row(Outgoing outgoing) {
        BotReply reply = outgoing.reply();
        String kind = reply.text() == null ? "callback_answer" : reply.editMessageId() != null ? "edit" : "message";
        return new Row(outgoing.eventId(), "out", reply.bot(), reply.chatId(), null, kind, reply.text(), null, null,
                null, outgoing.sentAt());
    }

    /** The chat's last {@code limit} texts, oldest first, as "user: ..." and "bot: ..." lines (phones masked). */
    public List<String> recent(String bot, long chatId, int limit) {
        String sql = "SELECT direction, text FROM (SELECT direction, text, occurred_at, stored_at FROM ai.dialog_message"
                + " WHERE bot = ? AND chat_id = ? AND text IS NOT NULL AND text <> ''"
                + " ORDER BY occurred_at DESC, stored_at DESC LIMIT ?) recent ORDER BY occurred_at, stored_at";
        List<String> lines = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, bot);
            select.setLong(2, chatId);
            select.setInt(3, limit);
            try (java.sql.ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    lines.add(("in".equals(r.getString(1)) ? "user: " : "bot: ") + r.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the dialog history", e);
        }
        return lines;
    }

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile(
            "(\\+?[78])[\\s(\\-]*(\\d{3})[\\s)\\-]*\\d{3}[\\s\\-]*(\\d{2})[\\s\\-]*(\\d{2})");

    /** +77011234567 or 8 701 123 45 67 -> +7701***4567. */
    static String maskPhones(String text) {
        return text == null ? null : PHONE.matcher(text).replaceAll("+7$2***$3$4");
    }

    /** A message as ai.dialog_message keeps it, its text not yet masked. */
    private record Row(String eventId, String direction, String bot, long chatId, Long userId, String kind,
                       String text, String callbackData, String intent, String language, Instant at) {
    }

    private void store(List<Row> rows) {
        String sql = "INSERT INTO ai.dialog_message (event_id, direction, bot, chat_id, user_id, kind, text,"
                + " callback_data, intent, language, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING";
        List<ConversationMemory.Stored> remembered = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // a batch in one transaction: one commit (one WAL flush) for all of it, and none stored if one is refused
            boolean together = rows.size() > 1;
            connection.setAutoCommit(!together);
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (Row row : rows) {
                    String text = maskPhones(row.text());
                    Instant when = row.at() == null ? Instant.now() : row.at();
                    insert.setString(1, row.eventId());
                    insert.setString(2, row.direction());
                    insert.setString(3, row.bot());
                    insert.setLong(4, row.chatId());
                    insert.setObject(5, row.userId());
                    insert.setString(6, row.kind());
                    insert.setString(7, text);
                    insert.setString(8, row.callbackData());
                    insert.setString(9, row.intent());
                    insert.setString(10, row.language());
                    insert.setTimestamp(11, Timestamp.from(when));
                    insert.addBatch();
                    remembered.add(new ConversationMemory.Stored(row.eventId(), row.direction(), row.bot(),
                            row.chatId(), row.userId(), text, row.intent(), when));
                }
                insert.executeBatch();
                if (together) {
                    connection.commit();
                }
            } catch (SQLException e) {
                if (together) {
                    connection.rollback();
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a dialog message", e);
        }
        memory.remember(remembered);
    }
}
