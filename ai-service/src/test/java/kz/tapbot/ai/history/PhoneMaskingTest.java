package kz.tapbot.ai.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PhoneMaskingTest {

    @Test
    void phoneNumbersAreMaskedInStoredTexts() {
        assertEquals("Водитель: Ерлан, телефон +7702***2233.",
                DialogHistory.maskPhones("Водитель: Ерлан, телефон +77021112233."));
        assertEquals("мой номер +7701***4567", DialogHistory.maskPhones("мой номер 8 701 123 45 67"));
        assertEquals("+7701***4567", DialogHistory.maskPhones("+7 (701) 123-45-67"));
        assertEquals("из Алматы в Астану 28.11, 2 места", DialogHistory.maskPhones("из Алматы в Астану 28.11, 2 места"));
    }
}
