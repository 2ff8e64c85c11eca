package kz.tapbot.gateway.telegram;

import java.time.Duration;
import java.util.Optional;

/** The Bot API refused a call ({"ok":false,...}) or could not be reached. */
public class BotApiException extends RuntimeException {

    private final int errorCode;
    private final Duration retryAfter;

    public BotApiException(int errorCode, String description, Duration retryAfter) {
        super(errorCode + " " + description);
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** HTTP-like code: 429 flood wait, 403 blocked by the user, 400 bad request, 5xx, 0 for network errors. */
    public int errorCode() {
        return errorCode;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isFloodWait() {
        return errorCode == 429;
    }

    public boolean isBlockedByUser() {
        return errorCode == 403;
    }

    /** Worth trying again later: flood waits, server errors and network failures. */
    public boolean isTransient() {
        return errorCode == 429 || errorCode >= 500 || errorCode == 0;
    }
}
