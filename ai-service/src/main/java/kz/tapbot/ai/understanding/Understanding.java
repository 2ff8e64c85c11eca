package kz.tapbot.ai.understanding;

import java.util.Map;

/** What ai-service makes of an update: the NLU contract's intent, confidence, language and entities. */
public record Understanding(String intent, double confidence, String language, Map<String, Object> entities) {
}
