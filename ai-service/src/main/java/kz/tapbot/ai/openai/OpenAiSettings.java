package kz.tapbot.ai.openai;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How ai-service uses OpenAI (off unless OPENAI_API_KEY is set): one client, cached, limited, queued. */
@ConfigMapping(prefix = "tapbot.ai.openai")
public interface OpenAiSettings {

    Optional<String> apiKey();

    @WithDefault("https://api.openai.com/v1")
    String url();

    @WithDefault("gpt-4o-mini")
    String chatModel();

    /** How long one call may take before it counts as failed. */
    @WithDefault("10s")
    Duration timeout();

    /** How long understanding one message may wait for the model before the embedded parser answers. */
    @WithDefault("3s")
    Duration parseTimeout();

    /** Whether the model reads free text (the embedded parser checks and normalises its answer). */
    @WithDefault("true")
    boolean extraction();

    /** Retries of a 429 (after its retry-after) or a 5xx, with growing pauses. */
    @WithDefault("2")
    int retries();

    /** How long an answer stays in cache:openai:{sha}. */
    @WithDefault("24h")
    Duration cacheTtl();

    /** Model calls one user may cause per minute (rate:api:openai:{user}); beyond it a polite answer. */
    @WithDefault("10")
    int userLimitPerMinute();

    /** Model calls all of ai-service may make per budget window; the rest waits in queue:ai:requests. */
    @WithDefault("60")
    int requestsPerWindow();

    @WithDefault("60s")
    Duration budgetWindow();

    default boolean enabled() {
        return apiKey().filter(k -> !k.isBlank()).isPresent();
    }
}
