package kz.tapbot.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A taxi booking changed (topic taxi.bookings, key = bookingId, types kz.tapbot.taxi.booking.*.v1).
 * Ids, route, date, seats and money only: never a phone number or a name.
 *
 * @param driverId    Telegram id of the driver, once a trip is assigned
 * @param departureAt departure of the assigned trip
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaxiBookingChanged(
        UUID bookingId,
        String status,
        String fromCity,
        String toCity,
        LocalDate date,
        int seats,
        long pricePerSeat,
        long totalPrice,
        long passengerId,
        Long driverId,
        UUID tripId,
        Instant departureAt,
        Instant occurredAt) {
}
