package kz.tapbot.platform.web;

import java.util.Optional;
import java.util.UUID;

/** Reading ids from paths: a malformed one is an absent one (the resource answers 400 or 404). */
public final class Ids {

    private Ids() {
    }

    public static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
