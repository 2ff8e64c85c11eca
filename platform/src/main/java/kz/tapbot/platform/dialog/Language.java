package kz.tapbot.platform.dialog;

/** The languages the bots speak, chosen from a Telegram language code; Russian when unsure. */
public enum Language {
    RU, KK, EN;

    public static Language of(String code) {
        if (code == null) {
            return RU;
        }
        String lower = code.toLowerCase();
        if (lower.startsWith("kk") || lower.startsWith("kz")) {
            return KK;
        }
        return lower.startsWith("en") ? EN : RU;
    }

    /** The language to answer in: the one the user chose (/lang), else the one they wrote in, else Telegram's. */
    public static Language spoken(String chosen, kz.tapbot.events.BotMessage message) {
        return of(chosen != null ? chosen
                : message.language() != null ? message.language() : message.update().user().languageCode());
    }

    public String code() {
        return name().toLowerCase();
    }

    /** Picks the text in this language. */
    public String pick(String ru, String kk, String en) {
        return switch (this) {
            case RU -> ru;
            case KK -> kk;
            case EN -> en;
        };
    }
}
