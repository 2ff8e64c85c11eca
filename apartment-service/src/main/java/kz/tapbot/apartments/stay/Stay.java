package kz.tapbot.apartments.stay;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * Nights at a listing: the half-open range [checkIn, checkOut) in the listing's local time. A stay
 * ending on a day does not overlap one starting that day. Nights and prices are computed here only.
 */
public record Stay(LocalDate checkIn, LocalDate checkOut) {

    public static final int MAX_NIGHTS = 30;

    public Stay {
        if (checkIn == null || checkOut == null) {
            throw new IllegalArgumentException("a stay needs a check-in and a check-out date");
        }
        if (!checkOut.isAfter(checkIn)) {
            throw new IllegalArgumentException("check-out must be after check-in");
        }
        if (ChronoUnit.DAYS.between(checkIn, checkOut) > MAX_NIGHTS) {
            throw new IllegalArgumentException("a stay is at most " + MAX_NIGHTS + " nights");
        }
    }

    public int nights() {
        return (int) ChronoUnit.DAYS.between(checkIn, checkOut);
    }

    public boolean overlaps(Stay other) {
        return checkIn.isBefore(other.checkOut) && other.checkIn.isBefore(checkOut);
    }

    /** The price of the whole stay in tenge. */
    public long total(long pricePerNight) {
        return Math.multiplyExact(pricePerNight, (long) nights());
    }
}
