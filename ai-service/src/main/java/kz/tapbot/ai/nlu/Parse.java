package kz.tapbot.ai.nlu;

import java.util.Map;

/**
 * What the parser made of a text, in the NLU contract's shape (absent entity = not said); language is
 * null when the text does not show it.
 */
public record Parse(String intent, double confidence, String language, Map<String, Object> entities) {
}
