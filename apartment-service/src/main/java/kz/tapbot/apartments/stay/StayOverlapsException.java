package kz.tapbot.apartments.stay;

/** Some of these nights are already held by another stay or a landlord's block. */
public class StayOverlapsException extends RuntimeException {
    public StayOverlapsException(String message) {
        super(message);
    }
}
