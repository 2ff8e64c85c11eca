package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A message a domain service's dialog cannot use, handed to ai-service to answer (topic ai.requests,
 * type {@link EventTypes#AI_REQUESTED}, key = chat id): a question, chatter, something not understood.
 * ai-service answers on bot.replies, ending with the dialog's pending question (and its buttons) when
 * the chat is in the middle of a step, so the user can go on. The domain service does not answer it too.
 *
 * @param step            the dialog step the chat is at ("IDLE", "ASK_DATE", ...)
 * @param pendingQuestion the question the dialog is waiting on, absent when idle
 * @param pendingKeyboard its buttons (or the bot's menu when idle)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AiRequest(
        BotUpdate update,
        String intent,
        String language,
        String step,
        String pendingQuestion,
        List<List<BotReply.Button>> pendingKeyboard) {
}
