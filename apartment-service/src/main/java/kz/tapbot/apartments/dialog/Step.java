package kz.tapbot.apartments.dialog;

import java.util.List;
import java.util.Optional;
import kz.tapbot.events.BotReply;

/** One turn of the dialog: the session after it, what the bot says, and what the service must do. */
public record Step(Session next, List<BotReply> replies, Optional<ApartmentAction> action) {
}
