package kz.tapbot.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: an event derived from another gets the same id every time it is
 * derived (after a crash, a redelivery or a rebalance), so every consumer can drop the repeat.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The id of the event that a Telegram update becomes. */
    public static String ofTelegramUpdate(String bot, long updateId) {
        return nameBased("telegram:" + bot + ":" + updateId);
    }

    /** The id of the {@code role} event derived from event {@code parentId}, e.g. ("...", "reply-0"). */
    public static String derived(String parentId, String role) {
        return nameBased(parentId + "/" + role);
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
