package kz.tapbot.platform.logging;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log line must never show, replaced wherever it appears: the configured secrets (literally),
 * Telegram bot tokens ({@code 123456:***}), OpenAI keys ({@code sk-***}), bearer tokens ({@code Bearer ***}),
 * the webhook secret header's value, and phone numbers, of which the first and last four digits stay
 * ({@code +77011234567}, {@code 8 701 123 45 67} -> {@code +7701***4567}). Ids, prices, dates, UUIDs and ports are left alone:
 * a number counts as a phone only with a leading "+", as a Kazakh 8/7 7xx number of 11 digits, or after
 * a "phone" key. Masking a masked text changes nothing.
 */
public final class LogMasking {

    /** A configured secret shorter than this is not masked literally: it would mangle every line. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final Pattern BOT_TOKEN = Pattern.compile("(?<!\\d)(\\d{6,12}):[A-Za-z0-9_-]{30,}");
    private static final Pattern TOKEN_SHAPED = Pattern.compile("(\\d{6,12}):.+");
    private static final Pattern OPENAI_KEY = Pattern.compile("(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/-]+=*");
    private static final Pattern SECRET_HEADER = Pattern.compile(
            "(?i)(X-Telegram-Bot-Api-Secret-Token|secret_token)([\"']?\\s*[:=]\\s*\\[?[\"']?)[^\\s\"',;\\]}&]+");
    private static final Pattern PHONE_FIELD = Pattern.compile(
            "(?i)(phone(?:_?number)?[\"']?\\s*[:=]\\s*[\"']?)(\\+?\\d{7,15})(?!\\d)");
    /** +7 7xx / 8 7xx / 7 7xx and ten more digits, with spaces, dashes or parentheses. */
    private static final Pattern KAZAKH_PHONE = Pattern.compile(
            "(?<![\\w+])\\+7[ -]?\\(?7\\d{2}\\)?[ -]?\\d{3}[ -]?\\d{2}[ -]?\\d{2}(?!\\d)"
                    + "|(?<![\\w+.,-])[78][ -]?\\(?7\\d{2}\\)?[ -]?\\d{3}[ -]?\\d{2}[ -]?\\d{2}(?![\\w-])");
    /** + and 10 to 15 digits, with spaces, dashes, dots or parentheses between them. */
    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile(
            "(?<![\\w+])\\+(?:\\d[ ().-]{0,2}){9,14}\\d(?!\\d)");

    private final List<String> secrets;

    /** @param secrets values masked literally wherever they appear (blank and very short ones are skipped) */
    public LogMasking(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(secret -> secret != null && secret.strip().length() >= MIN_SECRET_LENGTH)
                .distinct()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, maskedSecret(secret));
        }
        masked = BOT_TOKEN.matcher(masked).replaceAll("$1:***");
        masked = OPENAI_KEY.matcher(masked).replaceAll("sk-***");
        masked = BEARER.matcher(masked).replaceAll("$1 ***");
        masked = SECRET_HEADER.matcher(masked).replaceAll("$1$2***");
        masked = replace(PHONE_FIELD, masked, m -> m.group(1) + maskedPhone(m.group(2)));
        masked = replace(KAZAKH_PHONE, masked, m -> maskedPhone("+7" + last10Digits(m.group())));
        return replace(INTERNATIONAL_PHONE, masked, m -> maskedPhone(m.group()));
    }

    /** A bot token keeps its bot id (public), like the pattern-masked ones. */
    private static String maskedSecret(String secret) {
        Matcher token = TOKEN_SHAPED.matcher(secret);
        return token.matches() ? token.group(1) + ":***" : "***";
    }

    /** +7 (701) 123-45-67 -> +7701***4567; fewer than ten digits keep two at each end. */
    static String maskedPhone(String phone) {
        String digits = phone.replaceAll("\\D", "");
        int kept = digits.length() >= 10 ? 4 : 2;
        return (phone.startsWith("+") ? "+" : "") + digits.substring(0, kept) + "***"
                + digits.substring(digits.length() - kept);
    }

    /** 8 701 123 45 67 and 77011234567 are +77011234567 written otherwise. */
    private static String last10Digits(String phone) {
        String digits = phone.replaceAll("\\D", "");
        return digits.substring(digits.length() - 10);
    }

    private static String replace(Pattern pattern, String text, Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher)));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
