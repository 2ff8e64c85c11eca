package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An apartment booking changed (topic apartment.bookings, key = bookingId, types
 * kz.tapbot.apartment.booking.*.v1). Ids, city, dates and money only: no personal data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApartmentBookingChanged(
        UUID bookingId,
        String status,
        UUID listingId,
        String city,
        LocalDate checkIn,
        LocalDate checkOut,
        int nights,
        int guests,
        long totalPrice,
        long guestId,
        Instant occurredAt) {
}
