package kz.tapbot.taxi.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;
import kz.tapbot.taxi.booking.Booking;
import kz.tapbot.taxi.trip.Trip;

/** What the operator API shows. Phone numbers are masked: operators see enough to recognise one. */
final class Views {

    private Views() {
    }

    record TripView(UUID id, long driverTelegramId, String fromCity, String toCity, LocalDateTime departure,
                    int seatsTotal, int seatsFree, long pricePerSeat, String status) {
    }

    record BookingView(UUID id, long passengerTelegramId, String passengerName, String passengerPhone,
                       String fromCity, String toCity, LocalDate date, int seats, long pricePerSeat, long totalPrice,
                       UUID tripId, String status) {
    }

    static TripView of(Trip trip, ZoneId zone) {
        return new TripView(trip.id(), trip.driverId(), trip.fromCity(), trip.toCity(),
                LocalDateTime.ofInstant(trip.departureAt(), zone), trip.seatsTotal(), trip.seatsFree(),
                trip.pricePerSeat(), trip.status());
    }

    static BookingView of(Booking b) {
        return new BookingView(b.id(), b.passengerId(), b.passengerName(), mask(b.passengerPhone()), b.fromCity(),
                b.toCity(), b.date(), b.seats(), b.pricePerSeat(), b.total(), b.tripId(), b.status().code());
    }

    /** +77011234567 -> +7701***4567 */
    static String mask(String phone) {
        if (phone == null || phone.length() < 8) {
            return phone;
        }
        return phone.substring(0, 5) + "***" + phone.substring(phone.length() - 4);
    }
}
