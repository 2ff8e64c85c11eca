package kz.tapbot.gateway.telegram;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * The part of the Bot API Update object the gateway reads (https://core.telegram.org/bots/api#update).
 * Unknown fields are ignored; kinds other than these are acknowledged and dropped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TelegramUpdate(
        @JsonProperty("update_id") Long updateId,
        Message message,
        @JsonProperty("edited_message") Message editedMessage,
        @JsonProperty("callback_query") CallbackQuery callbackQuery) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(
            @JsonProperty("message_id") long messageId,
            User from,
            Chat chat,
            long date,
            String text,
            String caption,
            Contact contact,
            Location location,
            @JsonSetter(contentNulls = Nulls.FAIL) java.util.List<PhotoSize> photo) {
    }

    /** One size of a sent photo; Telegram lists them smallest first. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PhotoSize(@JsonProperty("file_id") String fileId, int width, int height) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record User(
            long id,
            @JsonProperty("is_bot") boolean isBot,
            @JsonProperty("first_name") String firstName,
            @JsonProperty("last_name") String lastName,
            String username,
            @JsonProperty("language_code") String languageCode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Chat(long id, String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(
            @JsonProperty("phone_number") String phoneNumber,
            @JsonProperty("first_name") String firstName,
            @JsonProperty("user_id") Long userId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Location(double latitude, double longitude) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CallbackQuery(String id, User from, Message message, String data) {
    }
}
