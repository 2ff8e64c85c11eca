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
