package kz.tapbot.gateway.bot;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One configured bot. A bot with no token runs in local mode. */
public record Bot(String name, Optional<String> token, Optional<String> secret, BotMode mode) {

    /** Compares the webhook header with the configured secret in constant time. */
    public boolean acceptsSecret(String presented) {
        if (secret.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(secret.get().getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    public boolean isLocal() {
        return mode == BotMode.LOCAL;
    }

    @Override
    public String toString() {
        return "Bot[" + name + ", " + mode + "]";
    }
}
