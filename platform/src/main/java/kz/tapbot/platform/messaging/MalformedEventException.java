package kz.tapbot.platform.messaging;

/** A record that is not a usable event: it goes to the topic's DLQ with this message as the reason. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
