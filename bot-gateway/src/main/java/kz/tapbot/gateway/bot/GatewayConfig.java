package kz.tapbot.gateway.bot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything an operator configures about the bots (see the README for the environment variables). */
@ConfigMapping(prefix = "tapbot")
public interface GatewayConfig {

    /** Bots by name: taxi, apartments. */
    Map<String, BotSettings> bots();

    Telegram telegram();

    Flood flood();

    interface BotSettings {
        Optional<String> token();

        /** The secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token on every webhook call. */
        Optional<String> secret();

        Optional<BotMode> mode();
    }

    interface Telegram {
        @WithDefault("https://api.telegram.org")
        String apiUrl();

        /** Public https base URL of this gateway; when set, webhook-mode bots register their webhook at start. */
        Optional<String> publicUrl();

        @WithDefault("30")
        int maxMessagesPerSecond();

        @WithDefault("1s")
        Duration perChatInterval();

        @WithDefault("10s")
        Duration requestTimeout();

        /** Longest pause after 5xx or network errors before the next try of the same reply. */
        @WithDefault("30s")
        Duration maxBackoff();

        @WithDefault("25")
        int pollingTimeoutSeconds();

        /** A reply Telegram keeps refusing (429, 5xx, network) this long goes to the DLQ. */
        @WithDefault("5m")
        Duration giveUpAfter();
    }

    interface Flood {
        /** Messages a chat may send per minute once its burst is used up. */
        @WithDefault("20")
        int perMinute();

        /** Messages a chat may send at once. */
        @WithDefault("20")
        int burst();
    }
}
