package kz.tapbot.apartments.dialog;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.platform.dialog.Language;

/**
 * A month as inline buttons, Monday first: days that can be chosen carry "day:YYYY-MM-DD", the others
 * (and the weekday labels) "noop"; the arrows carry "month:YYYY-MM" to turn the page.
 */
final class CalendarKeyboard {

    static final String DAY = "day:";
    static final String MONTH = "month:";
    static final String NOOP = "noop";
    /** Telegram refuses empty button texts: a blank Braille pattern looks empty. */
    private static final String BLANK = "\u2800";

    private static final String[][] WEEKDAYS = {
            {"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Вс"},
            {"Дс", "Сс", "Ср", "Бс", "Жм", "Сн", "Жк"},
            {"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}};
    private static final String[][] MONTHS = {
            {"Январь", "Февраль", "Март", "Апрель", "Май", "Июнь", "Июль", "Август", "Сентябрь", "Октябрь", "Ноябрь", "Декабрь"},
            {"Қаңтар", "Ақпан", "Наурыз", "Сәуір", "Мамыр", "Маусым", "Шілде", "Тамыз", "Қыркүйек", "Қазан", "Қараша", "Желтоқсан"},
            {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
                    "December"}};

    private CalendarKeyboard() {
    }

    /** The month of {@code shown}, where days from {@code first} to {@code last} (inclusive) can be chosen. */
    static List<List<Button>> month(YearMonth shown, LocalDate first, LocalDate last, Language language) {
        int lang = language.ordinal();
        List<List<Button>> rows = new ArrayList<>();
        YearMonth earliest = YearMonth.from(first);
        YearMonth latest = YearMonth.from(last);
        rows.add(List.of(
                shown.isAfter(earliest) ? new Button("‹", MONTH + shown.minusMonths(1)) : new Button(BLANK, NOOP),
                new Button(MONTHS[lang][shown.getMonthValue() - 1] + " " + shown.getYear(), NOOP),
                shown.isBefore(latest) ? new Button("›", MONTH + shown.plusMonths(1)) : new Button(BLANK, NOOP)));
        List<Button> weekdays = new ArrayList<>();
        for (String day : WEEKDAYS[lang]) {
            weekdays.add(new Button(day, NOOP));
        }
        rows.add(weekdays);
        List<Button> week = new ArrayList<>();
        int leading = shown.atDay(1).getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue();
        for (int i = 0; i < leading; i++) {
            week.add(new Button(BLANK, NOOP));
        }
        for (int day = 1; day <= shown.lengthOfMonth(); day++) {
            LocalDate date = shown.atDay(day);
            boolean open = !date.isBefore(first) && !date.isAfter(last);
            week.add(open ? new Button(String.valueOf(day), DAY + date) : new Button("·", NOOP));
            if (week.size() == 7) {
                rows.add(week);
                week = new ArrayList<>();
            }
        }
        if (!week.isEmpty()) {
            while (week.size() < 7) {
                week.add(new Button(BLANK, NOOP));
            }
            rows.add(week);
        }
        return rows;
    }
}
