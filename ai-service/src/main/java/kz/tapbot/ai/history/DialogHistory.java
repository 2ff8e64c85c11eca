package kz.tapbot.ai.history;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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

    public void recordIncoming(String eventId, BotUpdate update, String intent, String language) {
        String kind = update.kind().name().toLowerCase();
        String callbackData = update.callback() == null ? null : update.callback().data();
        insert(eventId, "in", update.bot(), update.chatId(), update.user().id(), kind, update.text(), callbackData,
                intent, language, update.sentAt());
    }

    public void recordOutgoing(String eventId, BotReply reply, Instant sentAt) {
        String kind = reply.text() == null ? "callback_answer" : reply.editMessageId() != null ? "edit" : "message";
        insert(eventId, "out", reply.bot(), reply.chatId(), null, kind, reply.text(), null, null, null, sentAt);
    }

    /** The chat's last {@code limit} texts, oldest first, as "user: ..." and "bot: ..." lines (phones masked). */
    public java.util.List<String> recent(String bot, long chatId, int limit) {
        String sql = "SELECT direction, text FROM (SELECT direction, text, occurred_at, stored_at FROM ai.dialog_message"
                + " WHERE bot = ? AND chat_id = ? AND text IS NOT NULL AND text <> ''"
                + " ORDER BY occurred_at DESC, stored_at DESC LIMIT ?) recent ORDER BY occurred_at, stored_at";
        java.util.List<String> lines = new java.util.ArrayList<>();
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

    private void insert(String eventId, String direction, String bot, long chatId, Long userId, String kind,
                        String text, String callbackData, String intent, String language, Instant at) {
        String sql = "INSERT INTO ai.dialog_message (event_id, direction, bot, chat_id, user_id, kind, text,"
                + " callback_data, intent, language, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, eventId);
            insert.setString(2, direction);
            insert.setString(3, bot);
            insert.setLong(4, chatId);
            insert.setObject(5, userId);
            insert.setString(6, kind);
            insert.setString(7, maskPhones(text));
            insert.setString(8, callbackData);
            insert.setString(9, intent);
            insert.setString(10, language);
            Instant when = at == null ? Instant.now() : at;
            insert.setTimestamp(11, Timestamp.from(when));
            insert.executeUpdate();
            memory.remember(eventId, direction, bot, chatId, userId, maskPhones(text), intent, when);
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a dialog message", e);
        }
    }
}
