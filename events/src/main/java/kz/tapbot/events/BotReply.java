package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a bot says to a chat (topic bot.replies, type {@link EventTypes#REPLY_REQUESTED}).
 * The gateway sends it through the Bot API (or the local web chat).
 *
 * @param text            the message; may be absent only when the reply just answers a callback
 * @param inlineKeyboard  rows of inline buttons under the message
 * @param contactRequest  label of a one-time "share my phone" keyboard button
 * @param editMessageId   edit this earlier bot message instead of sending a new one
 * @param callbackQueryId answer this callback query (stops the button's spinner)
 * @param callbackText    optional toast shown with that answer
 * @param inReplyTo       ce id of the event this reply answers
 * @param photo           a photo to send with the text as its caption: an https URL or a Telegram file_id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotReply(
        String bot,
        long chatId,
        String text,
        List<List<Button>> inlineKeyboard,
        String contactRequest,
        Long editMessageId,
        String callbackQueryId,
        String callbackText,
        String inReplyTo,
        String photo) {

    /** A reply without a photo. */
    public BotReply(String bot, long chatId, String text, List<List<Button>> inlineKeyboard, String contactRequest,
                    Long editMessageId, String callbackQueryId, String callbackText, String inReplyTo) {
        this(bot, chatId, text, inlineKeyboard, contactRequest, editMessageId, callbackQueryId, callbackText, inReplyTo,
                null);
    }

    /** The same reply, answering the event with this ce id. */
    public BotReply answering(String eventId) {
        return new BotReply(bot, chatId, text, inlineKeyboard, contactRequest, editMessageId, callbackQueryId,
                callbackText, eventId, photo);
    }

    /** The same reply, with this photo. */
    public BotReply withPhoto(String photoUrlOrFileId) {
        return new BotReply(bot, chatId, text, inlineKeyboard, contactRequest, editMessageId, callbackQueryId,
                callbackText, inReplyTo, photoUrlOrFileId);
    }

    public record Button(String text, String callbackData) {
    }
}
