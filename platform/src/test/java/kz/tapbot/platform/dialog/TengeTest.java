package kz.tapbot.platform.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TengeTest {

    @Test
    void thousandsAreSetApartBySpaces() {
        assertEquals("0 ₸", Tenge.format(0));
        assertEquals("950 ₸", Tenge.format(950));
        assertEquals("9 000 ₸", Tenge.format(9_000));
        assertEquals("12 500 ₸", Tenge.format(12_500));
        assertEquals("125 000 ₸", Tenge.format(125_000));
        assertEquals("1 250 000 ₸", Tenge.format(1_250_000));
        assertEquals("-45 000 ₸", Tenge.format(-45_000));
        assertEquals("-9 223 372 036 854 775 808 ₸", Tenge.format(Long.MIN_VALUE));
    }
}
