package kz.tapbot.gateway.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import kz.tapbot.events.BotUpdate;

/**
 * What Telegram itself never sends (https://core.telegram.org/bots/api): a text over 4096 characters,
 * callback data over 64 bytes, a NUL or half a surrogate pair, a chat or user without an id. An
 * update beyond these limits is forged or broken; it is dropped rather than published, so that every
 * event on bot.updates keeps its contract (events: kz.tapbot.bot.update.received.v1.json) and no
 * consumer meets a text PostgreSQL cannot store.
 */
final class TelegramLimits {

    static final int TEXT_CHARACTERS = 4096;
    static final int CALLBACK_DATA_BYTES = 64;
    static final int PHONE_CHARACTERS = 32;
    /** Telegram allows 64 characters in a name and 32 in a username; the margin costs nothing. */
    static final int NAME_CHARACTERS = 256;
    /** Callback query ids, file ids and language codes are short tokens. */
    static final int TOKEN_CHARACTERS = 256;

    private TelegramLimits() {
    }

    /** The first limit the update breaks, as a reason for the log; empty when Telegram could have sent it. */
    static Optional<String> breach(BotUpdate update) {
        if (update.chatId() == 0 || update.user() == null || update.user().id() == 0) {
            return Optional.of("no chat or user id");
        }
        if (update.sentAt() == null) {
            return Optional.of("date out of range");
        }
        if (update.text() != null && update.text().codePointCount(0, update.text().length()) > TEXT_CHARACTERS) {
            return Optional.of("text over " + TEXT_CHARACTERS + " characters");
        }
        BotUpdate.User user = update.user();
        Optional<String> broken = firstBroken(
                check("text", update.text(), Integer.MAX_VALUE),
                check("first_name", user.firstName(), NAME_CHARACTERS),
                check("last_name", user.lastName(), NAME_CHARACTERS),
                check("username", user.username(), NAME_CHARACTERS),
                check("language_code", user.languageCode(), TOKEN_CHARACTERS),
                check("photo file_id", update.photo(), TOKEN_CHARACTERS));
        if (broken.isPresent()) {
            return broken;
        }
        if (update.photo() != null && update.photo().isEmpty()) {
            return Optional.of("empty photo file_id");
        }
        if (update.callback() != null) {
            BotUpdate.Callback press = update.callback();
            if (press.id().isEmpty()) {
                return Optional.of("empty callback query id");
            }
            if (press.data() != null && press.data().getBytes(StandardCharsets.UTF_8).length > CALLBACK_DATA_BYTES) {
                return Optional.of("callback_data over " + CALLBACK_DATA_BYTES + " bytes");
            }
            broken = firstBroken(check("callback query id", press.id(), TOKEN_CHARACTERS),
                    check("callback_data", press.data(), Integer.MAX_VALUE));
            if (broken.isPresent()) {
                return broken;
            }
        }
        if (update.contact() != null) {
            BotUpdate.Contact contact = update.contact();
            if (contact.phoneNumber().isEmpty()) {
                return Optional.of("empty phone_number");
            }
            broken = firstBroken(check("phone_number", contact.phoneNumber(), PHONE_CHARACTERS),
                    check("contact first_name", contact.firstName(), NAME_CHARACTERS));
            if (broken.isPresent()) {
                return broken;
            }
        }
        if (update.location() != null && (Math.abs(update.location().latitude()) > 90
                || Math.abs(update.location().longitude()) > 180)) {
            return Optional.of("location out of range");
        }
        return Optional.empty();
    }

    @SafeVarargs
    private static Optional<String> firstBroken(Optional<String>... checks) {
        for (Optional<String> check : checks) {
            if (check.isPresent()) {
                return check;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> check(String field, String value, int maxCharacters) {
        if (value == null) {
            return Optional.empty();
        }
        if (value.length() > maxCharacters) {
            return Optional.of(field + " over " + maxCharacters + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return Optional.of(field + " holds a NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(field + " holds half a surrogate pair");
            }
        }
        return Optional.empty();
    }
}
