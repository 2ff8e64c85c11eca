package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * A Telegram update as the gateway normalised it (topic bot.updates, type
 * {@link EventTypes#UPDATE_RECEIVED}). Absent parts are omitted from the JSON; {@code photo} is the
 * Telegram file_id of the largest size of a sent photo (its caption is the text).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotUpdate(
        String bot,
        long updateId,
        long chatId,
        Kind kind,
        User user,
        Long messageId,
        String text,
        Callback callback,
        Contact contact,
        Location location,
        Instant sentAt,
        String photo) {

    /** An update without a photo. */
    public BotUpdate(String bot, long updateId, long chatId, Kind kind, User user, Long messageId, String text,
                     Callback callback, Contact contact, Location location, Instant sentAt) {
        this(bot, updateId, chatId, kind, user, messageId, text, callback, contact, location, sentAt, null);
    }

    public enum Kind {
        @JsonProperty("message") MESSAGE,
        @JsonProperty("edited_message") EDITED_MESSAGE,
        @JsonProperty("callback_query") CALLBACK_QUERY
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record User(long id, String firstName, String lastName, String username, String languageCode) {
    }

    /** A press on an inline button: answer it with {@link BotReply#callbackQueryId()}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Callback(String id, String data, Long messageId) {
    }

    /** A shared contact; phoneNumber as Telegram gave it (normalised by the domain service). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Contact(String phoneNumber, Long userId, String firstName) {
    }

    public record Location(double latitude, double longitude) {
    }
}
