package kz.tapbot.ai.openai;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;
import kz.tapbot.testing.OpenAiApiStub;

/** ai-service with OpenAI switched on against a local stub of its API, in the settings each test needs. */
final class OpenAiProfiles {

    static final String KEY = "sk-test-tapbot";
    static final OpenAiApiStub STUB = OpenAiApiStub.start(KEY);

    private OpenAiProfiles() {
    }

    static Map<String, String> with(String... pairs) {
        Map<String, String> config = new HashMap<>();
        config.put("tapbot.ai.openai.api-key", KEY);
        config.put("tapbot.ai.openai.url", STUB.baseUrl());
        config.put("tapbot.ai.openai.timeout", "2s");
        config.put("tapbot.ai.openai.drain-every", "200ms");
        // the in-process embedder, as the tests without OpenAI: no rebuild of the conversations between them
        config.put("tapbot.ai.embedding.model", "ngram-768");
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    /** Generous budget, three model calls per user and minute. */
    public static final class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("tapbot.ai.openai.user-limit-per-minute", "3", "tapbot.ai.openai.requests-per-window", "1000",
                    "tapbot.ai.openai.budget-window", "60s", "tapbot.ai.openai.retries", "1");
        }
    }

    /** One model call per 3 s for everyone: the rest waits in the queue. */
    public static final class Budgeted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("tapbot.ai.openai.user-limit-per-minute", "100", "tapbot.ai.openai.requests-per-window", "1",
                    "tapbot.ai.openai.budget-window", "3s");
        }
    }

    /** No retries, so a failing API shows its calls one for one. */
    public static final class Failing implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("tapbot.ai.openai.user-limit-per-minute", "100", "tapbot.ai.openai.requests-per-window", "1000",
                    "tapbot.ai.openai.budget-window", "7s", "tapbot.ai.openai.retries", "0");
        }
    }

    /** OpenAI's embeddings for the conversations: the collection is rebuilt with them. */
    public static final class Embeddings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return with("tapbot.ai.embedding.model", "", "tapbot.ai.openai.extraction", "false",
                    "tapbot.ai.openai.requests-per-window", "1000");
        }
    }
}
