package kz.tapbot.ai.answers;

import java.util.Map;

/** One topic of the knowledge base: the question and its answer in ru, kk and en, and words to find it by. */
public record FaqEntry(String key, Map<String, String> question, Map<String, String> answer, String keywords) {

    public String answerIn(String language) {
        return answer.getOrDefault(language, answer.get("ru"));
    }

    /** Everything the entry is found by, in all its languages. */
    String searchText() {
        return String.join(" ", question.values()) + " " + keywords + " " + String.join(" ", answer.values());
    }
}
