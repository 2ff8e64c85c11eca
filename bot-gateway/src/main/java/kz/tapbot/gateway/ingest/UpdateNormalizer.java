package kz.tapbot.gateway.ingest;

import java.time.Instant;
import java.util.Optional;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.gateway.telegram.TelegramUpdate;

/** Turns a Bot API Update into the platform's {@link BotUpdate}; kinds the bots do not use give empty. */
final class UpdateNormalizer {

    /** 9999-12-31T23:59:59Z: later dates are not written as ISO instants the way consumers read them. */
    private static final long LATEST_DATE = 253_402_300_799L;

    private UpdateNormalizer() {
    }

    static Optional<BotUpdate> normalize(String bot, TelegramUpdate update, Instant receivedAt) {
        if (update.message() != null) {
            return fromMessage(bot, update.updateId(), BotUpdate.Kind.MESSAGE, update.message());
        }
        if (update.editedMessage() != null) {
            return fromMessage(bot, update.updateId(), BotUpdate.Kind.EDITED_MESSAGE, update.editedMessage());
        }
        TelegramUpdate.CallbackQuery press = update.callbackQuery();
        if (press != null && press.from() != null && press.id() != null) {
            TelegramUpdate.Message origin = press.message();
            long chatId = origin != null && origin.chat() != null ? origin.chat().id() : press.from().id();
            Long messageId = origin == null ? null : origin.messageId();
            return Optional.of(new BotUpdate(bot, update.updateId(), chatId, BotUpdate.Kind.CALLBACK_QUERY,
                    user(press.from()), messageId, null, new BotUpdate.Callback(press.id(), press.data(), messageId),
                    null, null, receivedAt));
        }
        return Optional.empty();
    }

    private static Optional<BotUpdate> fromMessage(String bot, long updateId, BotUpdate.Kind kind,
                                                   TelegramUpdate.Message message) {
        if (message.from() == null || message.chat() == null || message.from().isBot()) {
            return Optional.empty();
        }
        String text = message.text() != null ? message.text() : message.caption();
        BotUpdate.Contact contact = message.contact() == null || message.contact().phoneNumber() == null ? null
                : new BotUpdate.Contact(message.contact().phoneNumber(), message.contact().userId(),
                        message.contact().firstName());
        BotUpdate.Location location = message.location() == null ? null
                : new BotUpdate.Location(message.location().latitude(), message.location().longitude());
        TelegramUpdate.PhotoSize largest = message.photo() == null || message.photo().isEmpty() ? null
                : message.photo().get(message.photo().size() - 1);
        String photo = largest == null ? null : largest.fileId();
        return Optional.of(new BotUpdate(bot, updateId, message.chat().id(), kind, user(message.from()),
                message.messageId(), text, null, contact, location, sentAt(message.date()), photo));
    }

    /** A Unix time as Telegram sends it; null when no clock could show it (a forged body; refused by {@link TelegramLimits}). */
    private static Instant sentAt(long unixSeconds) {
        return unixSeconds < 0 || unixSeconds > LATEST_DATE ? null : Instant.ofEpochSecond(unixSeconds);
    }

    private static BotUpdate.User user(TelegramUpdate.User from) {
        return new BotUpdate.User(from.id(), from.firstName(), from.lastName(), from.username(), from.languageCode());
    }
}
