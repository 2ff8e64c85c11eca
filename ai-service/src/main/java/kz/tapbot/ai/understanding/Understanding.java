package kz.tapbot.ai.understanding;

import java.util.Map;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;

/**
 * What ai-service makes of an update. Until the parser lands (NLU issue) every message is
 * "unknown" with no entities; only the language is taken from the user's Telegram language code.
 */
public record Understanding(String intent, double confidence, String language, Map<String, Object> entities) {

    public static Understanding of(BotUpdate update) {
        return new Understanding("unknown", 0.0, Language.of(update.user().languageCode()).code(), Map.of());
    }
}
