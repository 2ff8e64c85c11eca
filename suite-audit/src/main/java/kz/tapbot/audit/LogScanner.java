package kz.tapbot.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a log line must never show in clear: a Kazakh phone number (+7 / 8 / 7 and 7xx, with or without
 * spaces, dashes or parentheses), a Telegram bot token ({@code digits:secret}), an OpenAI key ({@code sk-...}) and
 * the literal secrets the tests configure (operator tokens, webhook secrets, test bot tokens and keys). Masked
 * values ({@code +7701***4567}, {@code 123456:***}, {@code sk-***}, {@code ***}) are not findings.
 *
 * <p>Its patterns are written apart from the services' own masking on purpose: a gap in one is not a gap in both.
 */
public final class LogScanner {

    /** One line that shows a secret; {@link #toString()} names the kind, never the value. */
    public record Finding(Path file, long line, String kind) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + kind;
        }
    }

    private static final String SEPARATOR = "[ -]?";
    private static final Pattern PHONE = Pattern.compile(
            // +7 7xx xxx xx xx, +7 (7xx) xxx-xx-xx, +77011234567
            "(?<![\\w+*])\\+7" + SEPARATOR + "\\(?7\\d{2}\\)?" + SEPARATOR + "\\d{3}" + SEPARATOR + "\\d{2}" + SEPARATOR + "\\d{2}(?![\\d*])"
                    // 8 701 123 45 67, 8-701-123-45-67, 87011234567, 77011234567
                    + "|(?<![\\w+*.,:/-])[78]" + SEPARATOR + "\\(?7\\d{2}\\)?" + SEPARATOR + "\\d{3}" + SEPARATOR + "\\d{2}"
                    + SEPARATOR + "\\d{2}(?![\\w*-])");
    private static final Pattern BOT_TOKEN = Pattern.compile("(?<![\\d:])\\d{6,12}:(?!\\*)[A-Za-z0-9_-]{30,}");
    private static final Pattern OPENAI_KEY = Pattern.compile("(?<![A-Za-z0-9])sk-(?!\\*)[A-Za-z0-9_-]{8,}");

    private final List<String> secrets;

    /** @param secrets values that must never appear literally (blank ones are ignored) */
    public LogScanner(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(secret -> secret != null && !secret.isBlank()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The kinds of secret the line shows, empty when it shows none. */
    public List<String> secretsIn(String line) {
        List<String> kinds = new ArrayList<>();
        for (String secret : secrets) {
            if (line.contains(secret)) {
                kinds.add("a configured secret in clear (" + hint(secret) + ")");
            }
        }
        if (PHONE.matcher(line).find()) {
            kinds.add("an unmasked phone number");
        }
        if (BOT_TOKEN.matcher(line).find()) {
            kinds.add("a bot token");
        }
        Matcher key = OPENAI_KEY.matcher(line);
        if (key.find()) {
            kinds.add("an OpenAI key");
        }
        return kinds;
    }

    /** Every line of the file that shows a secret. The file is read as UTF-8, bad bytes replaced. */
    public List<Finding> scan(Path file) throws IOException {
        List<Finding> findings = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                for (String kind : secretsIn(line)) {
                    findings.add(new Finding(file, number, kind));
                }
            }
        }
        return findings;
    }

    /** Enough of a secret to tell which one it is, not enough to use it: its first three characters. */
    private static String hint(String secret) {
        return secret.substring(0, Math.min(3, secret.length())) + "…, " + secret.length() + " characters";
    }
}
