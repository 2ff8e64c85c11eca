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
        String inReplyTo) {

    public record Button(String text, String callbackData) {
    }
}
