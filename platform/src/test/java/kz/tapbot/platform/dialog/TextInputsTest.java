package kz.tapbot.platform.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextInputsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @ParameterizedTest
    @CsvSource({"8 701 123 45 67, +77011234567", "+7(701)1234567, +77011234567", "7011234567, +77011234567",
            "+7 747 000-11-22, +77470001122", "87071112233, +77071112233"})
    void phonesAreNormalised(String typed, String normalised) {
        assertEquals(Optional.of(normalised), TextInputs.phone(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "позвоните мне", "+1 202 555 0143", "8 901 123 45 6", "+7 701 123 45 67 89"})
    void malformedPhonesAreRefused(String typed) {
        assertTrue(TextInputs.phone(typed).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"сегодня, 2026-11-25", "завтра, 2026-11-26", "ертең, 2026-11-26", "tomorrow, 2026-11-26",
            "бүгін, 2026-11-25", "послезавтра, 2026-11-27", "28.11, 2026-11-28", "3.01, 2027-01-03",
            "1 декабря, 2026-12-01", "2026-12-05, 2026-12-05", "05.12.2026, 2026-12-05"})
    void datesAreRead(String typed, String expected) {
        assertEquals(Optional.of(LocalDate.parse(expected)), TextInputs.date(typed, TODAY));
    }

    @Test
    void seatsAreReadFromNumbersAndWords() {
        assertEquals(Optional.of(2), TextInputs.seats("на двоих"));
        assertEquals(Optional.of(3), TextInputs.seats("3 места"));
        assertEquals(Optional.of(2), TextInputs.seats("екі"));
        assertTrue(TextInputs.seats("много").isEmpty());
    }
}
