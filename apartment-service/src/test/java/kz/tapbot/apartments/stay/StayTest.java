package kz.tapbot.apartments.stay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class StayTest {

    private static final LocalDate D = LocalDate.of(2026, 12, 1);

    @Test
    void nightsAndTotalComeFromTheHalfOpenRange() {
        Stay stay = new Stay(D, D.plusDays(3));
        assertEquals(3, stay.nights());
        assertEquals(45_000, stay.total(15_000));
    }

    @Test
    void adjacentStaysDoNotOverlapButSharedNightsDo() {
        assertFalse(new Stay(D, D.plusDays(2)).overlaps(new Stay(D.plusDays(2), D.plusDays(4))));
        assertTrue(new Stay(D, D.plusDays(3)).overlaps(new Stay(D.plusDays(2), D.plusDays(4))));
        assertTrue(new Stay(D, D.plusDays(10)).overlaps(new Stay(D.plusDays(4), D.plusDays(5))));
    }

    @Test
    void emptyBackwardsOrTooLongStaysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Stay(D, D));
        assertThrows(IllegalArgumentException.class, () -> new Stay(D, D.minusDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new Stay(D, D.plusDays(31)));
        assertThrows(IllegalArgumentException.class, () -> new Stay(null, D));
    }
}
