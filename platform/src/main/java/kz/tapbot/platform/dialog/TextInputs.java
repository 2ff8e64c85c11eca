package kz.tapbot.platform.dialog;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a user may type at a step: a date, a time, a number of seats, a phone number, a price. */
public final class TextInputs {

    private static final Pattern DMY = Pattern.compile("\\b(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2,4}))?\\b");
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})\\s+([\\p{L}]+)");
    private static final Pattern TIME = Pattern.compile("\\b([01]?\\d|2[0-3])[:.]([0-5]\\d)\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b(\\d{1,6})\\b");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("янв", 1), Map.entry("фев", 2), Map.entry("мар", 3), Map.entry("апр", 4), Map.entry("мая", 5),
            Map.entry("май", 5), Map.entry("июн", 6), Map.entry("июл", 7), Map.entry("авг", 8), Map.entry("сен", 9),
            Map.entry("окт", 10), Map.entry("ноя", 11), Map.entry("дек", 12), Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12),
            Map.entry("қаң", 1), Map.entry("ақп", 2), Map.entry("нау", 3), Map.entry("сәу", 4), Map.entry("мам", 5),
            Map.entry("мау", 6), Map.entry("шіл", 7), Map.entry("там", 8), Map.entry("қыр", 9), Map.entry("қаз", 10),
            Map.entry("қар", 11), Map.entry("жел", 12), Map.entry("yan", 1), Map.entry("fev", 2), Map.entry("noya", 11),
            Map.entry("dek", 12), Map.entry("okt", 10));
    private static final Map<String, Integer> SEAT_WORDS = Map.ofEntries(
            Map.entry("одного", 1), Map.entry("одно", 1), Map.entry("один", 1), Map.entry("одна", 1),
            Map.entry("двоих", 2), Map.entry("двое", 2), Map.entry("два", 2), Map.entry("две", 2),
            Map.entry("троих", 3), Map.entry("трое", 3), Map.entry("три", 3), Map.entry("четверых", 4),
            Map.entry("четверо", 4), Map.entry("четыре", 4), Map.entry("бір", 1), Map.entry("екі", 2),
            Map.entry("үш", 3), Map.entry("төрт", 4), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4));

    private TextInputs() {
    }

    /** сегодня/бүгін/today, завтра/ертең/tomorrow, послезавтра, 28.11, 28.11.2026, 2026-11-28, 28 ноября. */
    public static Optional<LocalDate> date(String text, LocalDate today) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("послезавтра") || lower.contains("day after tomorrow") || lower.contains("бүрсігүні")) {
            return Optional.of(today.plusDays(2));
        }
        if (lower.contains("сегодня") || lower.contains("бүгін") || lower.contains("today")) {
            return Optional.of(today);
        }
        if (lower.contains("завтра") || lower.contains("ертең") || lower.contains("tomorrow")) {
            return Optional.of(today.plusDays(1));
        }
        try {
            Matcher iso = ISO.matcher(lower);
            if (iso.find()) {
                return Optional.of(LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        Integer.parseInt(iso.group(3))));
            }
            Matcher dmy = DMY.matcher(lower);
            if (dmy.find()) {
                int day = Integer.parseInt(dmy.group(1));
                int month = Integer.parseInt(dmy.group(2));
                if (dmy.group(3) != null) {
                    int year = Integer.parseInt(dmy.group(3));
                    return Optional.of(LocalDate.of(year < 100 ? 2000 + year : year, month, day));
                }
                return Optional.of(nextOccurrence(today, month, day));
            }
            Matcher dayMonth = DAY_MONTH.matcher(lower);
            while (dayMonth.find()) {
                Optional<Integer> month = month(dayMonth.group(2));
                if (month.isPresent()) {
                    return Optional.of(nextOccurrence(today, month.get(), Integer.parseInt(dayMonth.group(1))));
                }
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The month a word names ("декабря", "dec", "желтоқсан", "dekabrya"), if it names one. */
    public static Optional<Integer> month(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return MONTHS.entrySet().stream().filter(m -> lower.startsWith(m.getKey())).map(Map.Entry::getValue).findFirst();
    }

    private static LocalDate nextOccurrence(LocalDate today, int month, int day) {
        LocalDate thisYear = LocalDate.of(today.getYear(), month, day);
        return thisYear.isBefore(today) ? thisYear.plusYears(1) : thisYear;
    }

    /** 9:30, 09.30, 18:00. */
    public static Optional<LocalTime> time(String text) {
        Matcher m = TIME.matcher(text);
        return m.find() ? Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))))
                : Optional.empty();
    }

    /** "2", "2 места", "на двоих", "екі". Any number, even 0 or 20: the dialog judges the range. */
    public static Optional<Integer> seats(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        Matcher number = NUMBER.matcher(lower);
        if (number.find()) {
            return Optional.of(Integer.parseInt(number.group(1)));
        }
        for (String word : lower.split("[^\\p{L}]+")) {
            Integer count = SEAT_WORDS.get(word);
            if (count != null) {
                return Optional.of(count);
            }
        }
        return Optional.empty();
    }

    /** A whole number of tenge: "7000", "7 000", "7000 тг". */
    public static Optional<Long> amount(String text) {
        String digits = text.replaceAll("(?<=\\d)[\\s\\u00a0](?=\\d{3}\\b)", "");
        Matcher number = NUMBER.matcher(digits);
        return number.find() ? Optional.of(Long.parseLong(number.group(1))) : Optional.empty();
    }

    /**
     * A Kazakhstan phone number normalised to +7XXXXXXXXXX: "8 701 123 45 67", "+7(701)1234567",
     * "7011234567". Anything else is not a phone number.
     */
    public static Optional<String> phone(String text) {
        if (text == null || !text.matches("[\\d\\s()+\\-.]{10,20}")) {
            return Optional.empty();
        }
        String digits = text.replaceAll("\\D", "");
        if (digits.length() == 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
            digits = digits.substring(1);
        }
        if (digits.length() != 10 || !digits.startsWith("7")) {
            return Optional.empty();
        }
        return Optional.of("+7" + digits);
    }
}
