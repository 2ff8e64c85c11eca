package kz.tapbot.ai.nlu;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and times as people write them in Russian, Kazakh, English and Latin transliteration,
 * resolved against "now": today/tomorrow/the day after, weekdays (the next one; said on that same
 * weekday, next week's), "28 ноября", "28.11", ISO dates, ranges "с 1 по 3 декабря", "1-3 December",
 * "на 3 суток с завтра", "на выходные"; times "в 9 утра", "вечером", "14:30".
 */
final class DateGrammar {

    /** A date said, and where in the (lower-case) text it was said. */
    record Said(LocalDate date, int at) {
    }

    /** A stay: check-in and check-out (either may be unknown). */
    record Range(LocalDate from, LocalDate to) {
    }

    private static final Map<String, DayOfWeek> WEEKDAYS = Map.ofEntries(
            Map.entry("понедельник", DayOfWeek.MONDAY), Map.entry("вторник", DayOfWeek.TUESDAY),
            Map.entry("сред", DayOfWeek.WEDNESDAY), Map.entry("четверг", DayOfWeek.THURSDAY),
            Map.entry("пятниц", DayOfWeek.FRIDAY), Map.entry("суббот", DayOfWeek.SATURDAY),
            Map.entry("воскресен", DayOfWeek.SUNDAY), Map.entry("дүйсенбі", DayOfWeek.MONDAY),
            Map.entry("сейсенбі", DayOfWeek.TUESDAY), Map.entry("сәрсенбі", DayOfWeek.WEDNESDAY),
            Map.entry("бейсенбі", DayOfWeek.THURSDAY), Map.entry("жұма", DayOfWeek.FRIDAY),
            Map.entry("сенбі", DayOfWeek.SATURDAY), Map.entry("жексенбі", DayOfWeek.SUNDAY),
            Map.entry("monday", DayOfWeek.MONDAY), Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wednesday", DayOfWeek.WEDNESDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("friday", DayOfWeek.FRIDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sunday", DayOfWeek.SUNDAY), Map.entry("pyatnic", DayOfWeek.FRIDAY),
            Map.entry("subbot", DayOfWeek.SATURDAY), Map.entry("voskresen", DayOfWeek.SUNDAY),
            Map.entry("ponedelnik", DayOfWeek.MONDAY));
    private static final Map<String, DayOfWeek> SHORT_WEEKDAYS = Map.of("пн", DayOfWeek.MONDAY, "вт", DayOfWeek.TUESDAY,
            "ср", DayOfWeek.WEDNESDAY, "чт", DayOfWeek.THURSDAY, "пт", DayOfWeek.FRIDAY, "сб", DayOfWeek.SATURDAY,
            "вс", DayOfWeek.SUNDAY);
    private static final Pattern SHORT_WEEKDAY = Pattern.compile("(?<![\\p{L}])(пн|вт|ср|чт|пт|сб|вс)(?![\\p{L}])");
    private static final Pattern ISO = Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b");
    private static final Pattern DMY = Pattern.compile("(?<![\\d:])(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2,4}))?(?![\\d:])");
    private static final Pattern DAY_MONTH = Pattern.compile("(?<![\\d:])(\\d{1,2})(?:\\s*(?:-|–|по|до|to|and|[-–]?ші|[-–]?шы|th|st|nd|rd)\\s*(\\d{1,2}))?\\s*(?:-?(?:го|е|ші|шы))?\\s+([\\p{L}]{3,})");
    private static final Pattern ORDINAL_OF = Pattern.compile("\\b(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\s+of\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)");
    private static final Pattern MONTH_DAY = Pattern.compile("\\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\s+(\\d{1,2})(?:\\s*(?:-|–|to)\\s*(\\d{1,2}))?");
    private static final Pattern NIGHTS = Pattern.compile("(?:на\\s+|for\\s+)?(\\d{1,2}|одн[иу]|одна|две|двое|трое|три|четыре|пять|неделю|two|three|four|five|a week|a night|one)\\s*(суток|сутки|ноч|ночи|ночей|дн|дня|дней|күн|түн|тәулік|nights?|days?|sutok|nochi|noch)");
    private static final Map<String, Integer> COUNT_WORDS = Map.ofEntries(Map.entry("одни", 1), Map.entry("одну", 1),
            Map.entry("одна", 1), Map.entry("две", 2), Map.entry("двое", 2), Map.entry("трое", 3), Map.entry("три", 3),
            Map.entry("четыре", 4), Map.entry("пять", 5), Map.entry("неделю", 7), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("a week", 7), Map.entry("a night", 1), Map.entry("one", 1));
    private static final Pattern CLOCK = Pattern.compile("(?<![\\d.])([01]?\\d|2[0-3])[:.]([0-5]\\d)(?![\\d.])");
    private static final Pattern HOUR = Pattern.compile("(?:\\bв|\\bv|\\bat|\\bк|сағат)\\s*(\\d{1,2})\\s*(утра|утром|дня|вечера|вечером|ночи|am|pm|час|utra|vechera)?");
    private static final Pattern HOUR_SUFFIX = Pattern.compile("\\b(\\d{1,2})\\s*(утра|вечера|ночи|am|pm|utra|vechera|дня)\\b");

    private static final List<String> ORDINAL_UNITS = List.of("перв", "втор", "трет", "четверт", "пят", "шест", "седьм",
            "восьм", "девят");
    private static final Pattern ORDINAL = Pattern.compile("(?:(двадцать|тридцать)\\s+)?(перв|втор|трет|четверт|пят|шест|седьм|восьм|девят|десят|одиннадцат|двенадцат|тринадцат|четырнадцат|пятнадцат|шестнадцат|семнадцат|восемнадцат|девятнадцат|двадцат|тридцат)\\p{L}*\\s+([\\p{L}]{3,})");
    private static final List<String> TEENS = List.of("десят", "одиннадцат", "двенадцат", "тринадцат", "четырнадцат",
            "пятнадцат", "шестнадцат", "семнадцат", "восемнадцат", "девятнадцат", "двадцат");

    private static Integer ordinalDay(String tens, String unit) {
        int base = tens == null ? 0 : tens.equals("двадцать") ? 20 : 30;
        int u = ORDINAL_UNITS.indexOf(unit);
        if (u >= 0) {
            return base + u + 1;
        }
        if (base > 0) {
            return null;
        }
        int teen = TEENS.indexOf(unit);
        if (teen >= 0) {
            return 10 + teen;
        }
        return unit.equals("тридцат") ? 30 : null;
    }

    private DateGrammar() {
    }

    /** Every date said, in order. */
    static List<Said> dates(String text, LocalDate today) {
        List<Said> said = new ArrayList<>();
        String t = text.toLowerCase();
        relative(t, "послезавтра", today.plusDays(2), said);
        relative(t, "бүрсігүн", today.plusDays(2), said);
        relative(t, "day after tomorrow", today.plusDays(2), said);
        relative(t, "poslezavtra", today.plusDays(2), said);
        if (!t.contains("послезавтра")) {
            relative(t, "завтра", today.plusDays(1), said);
        }
        if (!t.contains("poslezavtra")) {
            relative(t, "zavtra", today.plusDays(1), said);
        }
        relative(t, "ертең", today.plusDays(1), said);
        relative(t, "ертен", today.plusDays(1), said);
        if (!t.contains("day after tomorrow")) {
            relative(t, "tomorrow", today.plusDays(1), said);
        }
        relative(t, "сегодня", today, said);
        relative(t, "this evening", today, said);
        relative(t, "this morning", today, said);
        relative(t, "this afternoon", today, said);
        relative(t, "бүгін", today, said);
        relative(t, "today", today, said);
        relative(t, "tonight", today, said);
        relative(t, "segodnya", today, said);
        Matcher shortDay = SHORT_WEEKDAY.matcher(t);
        while (shortDay.find()) {
            said.add(new Said(today.with(TemporalAdjusters.next(SHORT_WEEKDAYS.get(shortDay.group(1)))), shortDay.start()));
        }
        for (Map.Entry<String, DayOfWeek> day : WEEKDAYS.entrySet()) {
            int at = t.indexOf(day.getKey());
            if (at >= 0 && said.stream().noneMatch(s -> s.at() == at)) {
                said.add(new Said(today.with(TemporalAdjusters.next(day.getValue())), at));
            }
        }
        try {
            Matcher iso = ISO.matcher(t);
            while (iso.find()) {
                said.add(new Said(LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)),
                        Integer.parseInt(iso.group(3))), iso.start()));
            }
        } catch (DateTimeException e) {
            // not a date after all
        }
        Matcher dmy = DMY.matcher(t);
        while (dmy.find()) {
            try {
                int day = Integer.parseInt(dmy.group(1));
                int month = Integer.parseInt(dmy.group(2));
                LocalDate date = dmy.group(3) != null ? LocalDate.of(year(dmy.group(3)), month, day)
                        : next(today, month, day);
                said.add(new Said(date, dmy.start()));
            } catch (DateTimeException e) {
                // 43.25 is a coordinate, not a date
            }
        }
        Matcher dayMonth = DAY_MONTH.matcher(t);
        while (dayMonth.find()) {
            Integer month = month(dayMonth.group(3));
            if (month == null) {
                continue;
            }
            try {
                said.add(new Said(next(today, month, Integer.parseInt(dayMonth.group(1))), dayMonth.start()));
                if (dayMonth.group(2) != null) {
                    said.add(new Said(next(today, month, Integer.parseInt(dayMonth.group(2))), dayMonth.start(2)));
                }
            } catch (DateTimeException e) {
                // no 31st of November
            }
        }
        Matcher ordinalOf = ORDINAL_OF.matcher(t);
        while (ordinalOf.find()) {
            try {
                said.add(new Said(next(today, month(ordinalOf.group(2)), Integer.parseInt(ordinalOf.group(1))),
                        ordinalOf.start()));
            } catch (DateTimeException e) {
                // not a date
            }
        }
        Matcher monthDay = MONTH_DAY.matcher(t);
        while (monthDay.find()) {
            try {
                int month = month(monthDay.group(1));
                said.add(new Said(next(today, month, Integer.parseInt(monthDay.group(2))), monthDay.start()));
                if (monthDay.group(3) != null) {
                    said.add(new Said(next(today, month, Integer.parseInt(monthDay.group(3))), monthDay.start(3)));
                }
            } catch (DateTimeException e) {
                // not a date
            }
        }
        Matcher ordinal = ORDINAL.matcher(t);
        while (ordinal.find()) {
            Integer month = month(ordinal.group(3));
            Integer day = ordinalDay(ordinal.group(1), ordinal.group(2));
            if (month != null && day != null) {
                try {
                    said.add(new Said(next(today, month, day), ordinal.start()));
                } catch (DateTimeException e) {
                    // no such day
                }
            }
        }
        // "с 28 по 30 ноября": the first day borrows the month said after it
        Matcher open = Pattern.compile("(?:\\bс|\\bfrom|\\bs)\\s+(\\d{1,2})\\s+(?:по|до|to|po|do)\\s+(\\d{1,2})\\s+([\\p{L}]{3,})").matcher(t);
        while (open.find()) {
            Integer month = month(open.group(3));
            if (month != null) {
                try {
                    said.add(new Said(next(today, month, Integer.parseInt(open.group(1))), open.start(1)));
                } catch (DateTimeException e) {
                    // not a date
                }
            }
        }
        said.sort((a, b) -> Integer.compare(a.at(), b.at()));
        List<Said> distinct = new ArrayList<>();
        for (Said s : said) {
            if (distinct.stream().noneMatch(d -> d.at() == s.at() || d.date().equals(s.date()) && Math.abs(d.at() - s.at()) < 4)) {
                distinct.add(s);
            }
        }
        return distinct;
    }

    /** The stay a text asks for: two dates, a date and a number of nights, or a weekend. */
    static Range stay(String text, LocalDate today) {
        String t = text.toLowerCase();
        List<Said> said = dates(t, today);
        Optional<Integer> nights = nights(t);
        boolean weekend = t.contains("выходны") || t.contains("weekend") || t.contains("демалыс") || t.contains("vyhodn");
        if (said.size() >= 2) {
            LocalDate in = said.get(0).date();
            LocalDate out = said.get(1).date();
            if (out.isBefore(in) && said.get(1).at() > said.get(0).at()) {
                out = out.plusYears(1);
            }
            return out.isAfter(in) ? new Range(in, out) : new Range(in, nights.map(in::plusDays).orElse(null));
        }
        if (said.size() == 1) {
            LocalDate in = said.get(0).date();
            return new Range(in, nights.map(in::plusDays).orElse(null));
        }
        if (weekend) {
            LocalDate saturday = today.with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
            return new Range(saturday, saturday.plusDays(2));
        }
        return new Range(null, null);
    }

    static Optional<Integer> nights(String text) {
        if (text.matches(".*(на сутки|на ночь|for a night|for one night|for the night|бір түнге|на одни сутки|na sutki|one night).*")) {
            return Optional.of(1);
        }
        if (text.matches(".*(на неделю|na nedelyu|for a week|бір аптаға|апта).*")) {
            return Optional.of(7);
        }
        Matcher m = NIGHTS.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String count = m.group(1);
        Integer n = COUNT_WORDS.get(count);
        if (n == null) {
            try {
                n = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return n >= 1 && n <= 60 ? Optional.of(n) : Optional.empty();
    }

    /** A time of day: "14:30", "в 9 утра", "в 7 вечера", "вечером". */
    static Optional<LocalTime> time(String text) {
        String t = text.toLowerCase().replaceAll("good (morning|evening|afternoon)|доброе утро|добрый (вечер|день)", "");
        Matcher clock = CLOCK.matcher(t);
        while (clock.find()) {
            // "28.11" is a date
            if (t.charAt(clock.start(2) - 1) == '.' && Integer.parseInt(clock.group(2)) <= 12) {
                continue;
            }
            return Optional.of(LocalTime.of(Integer.parseInt(clock.group(1)), Integer.parseInt(clock.group(2))));
        }
        Matcher hour = HOUR_SUFFIX.matcher(t);
        if (hour.find()) {
            return hourOf(Integer.parseInt(hour.group(1)), hour.group(2));
        }
        Matcher at = HOUR.matcher(t);
        while (at.find()) {
            int h = Integer.parseInt(at.group(1));
            String rest = t.substring(at.end());
            if (rest.matches("^\\s*(мест|человек|пассажир|seat|people|орын|адам|ноч|сут|дн|день).*")) {
                continue;
            }
            Optional<LocalTime> time = hourOf(h, at.group(2));
            if (time.isPresent()) {
                return time;
            }
        }
        if (t.matches(".*\\b(вечером|вечер|кешке|кешкі|in the evening|evening|vecherom)\\b.*")) {
            return Optional.of(LocalTime.of(18, 0));
        }
        if (t.matches(".*\\b(утром|утро|таңертең|таңғы|in the morning|morning|utrom)\\b.*")) {
            return Optional.of(LocalTime.of(9, 0));
        }
        if (t.matches(".*\\b(днём|днем|днем|түсте|afternoon|dnem)\\b.*")) {
            return Optional.of(LocalTime.of(13, 0));
        }
        if (t.matches(".*\\b(ночью|түнде|at night|nochyu)\\b.*")) {
            return Optional.of(LocalTime.of(23, 0));
        }
        return Optional.empty();
    }

    private static Optional<LocalTime> hourOf(int h, String part) {
        if (h > 23) {
            return Optional.empty();
        }
        if (part != null && (part.startsWith("вечер") || part.equals("pm") || part.startsWith("vecher")
                || part.equals("дня") && h < 12)) {
            h = h < 12 ? h + 12 : h;
        } else if (part != null && part.equals("ночи") && h == 12) {
            h = 0;
        }
        return Optional.of(LocalTime.of(h, 0));
    }

    private static Integer month(String word) {
        return kz.tapbot.platform.dialog.TextInputs.month(word).orElse(null);
    }

    private static int year(String value) {
        int y = Integer.parseInt(value);
        return y < 100 ? 2000 + y : y;
    }

    /** The next such day on or after today; a day already past this year is next year's. */
    private static LocalDate next(LocalDate today, int month, int day) {
        LocalDate thisYear = LocalDate.of(today.getYear(), month, day);
        return thisYear.isBefore(today) ? LocalDate.of(today.getYear() + 1, month, day) : thisYear;
    }

    private static void relative(String t, String word, LocalDate date, List<Said> said) {
        int at = t.indexOf(word);
        if (at >= 0) {
            said.add(new Said(date, at));
        }
    }
}
