package kz.tapbot.platform.dialog;

import kz.tapbot.events.BotUpdate;

/** Reads what a user asked for in the simplest form: a command word, or a button's data. */
public final class Commands {

    private Commands() {
    }

    /** "/start" for "/start@tapbot_taxi_bot hello", the callback data for a button press, "" otherwise. */
    public static String of(BotUpdate update) {
        if (update.callback() != null) {
            return update.callback().data() == null ? "" : update.callback().data();
        }
        if (update.text() == null || update.text().isBlank()) {
            return "";
        }
        String first = update.text().trim().split("\\s+", 2)[0].toLowerCase();
        int mention = first.indexOf('@');
        return mention > 0 ? first.substring(0, mention) : first;
    }

    /** The callback query to answer, if the update is a button press. */
    public static String callbackId(BotUpdate update) {
        return update.callback() == null ? null : update.callback().id();
    }
}
