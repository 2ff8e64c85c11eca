package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An update with what ai-service understood of it (topic bot.messages, type
 * {@link EventTypes#MESSAGE_UNDERSTOOD}). Entities use the canonical keys and values of the
 * NLU contract (from_city, date, seats, ...); an absent key means "not said".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BotMessage(
        BotUpdate update,
        String intent,
        double confidence,
        String language,
        Map<String, Object> entities) {
}
