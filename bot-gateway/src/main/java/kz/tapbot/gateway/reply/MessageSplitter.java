package kz.tapbot.gateway.reply;

import java.util.ArrayList;
import java.util.List;

/** Cuts a text into parts Telegram accepts (4096 characters), at a line break or a space where it can. */
final class MessageSplitter {

    static final int TELEGRAM_LIMIT = 4096;

    private MessageSplitter() {
    }

    static List<String> split(String text, int limit) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.length() > limit) {
            int cut = rest.lastIndexOf('\n', limit);
            if (cut < limit / 2) {
                cut = rest.lastIndexOf(' ', limit);
            }
            if (cut < limit / 2) {
                cut = Character.isLowSurrogate(rest.charAt(limit)) ? limit - 1 : limit;
            }
            parts.add(rest.substring(0, cut));
            rest = rest.substring(cut);
            if (!rest.isEmpty() && (rest.charAt(0) == '\n' || rest.charAt(0) == ' ')) {
                rest = rest.substring(1);
            }
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }
}
