package kz.tapbot.taxi.booking;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A passenger's ride: requested (waiting for a trip), confirmed on a trip, cancelled or completed.
 * The price per seat is the estimate while requested and the trip's price once confirmed.
 */
public record Booking(UUID id, long passengerId, long passengerChatId, String passengerName, String passengerPhone,
                      String passengerLanguage, String fromCity, String toCity, LocalDate date, int seats,
                      long pricePerSeat, UUID tripId, Status status) {

    public enum Status {
        REQUESTED, CONFIRMED, CANCELLED, COMPLETED;

        public String code() {
            return name().toLowerCase();
        }

        public static Status of(String code) {
            return valueOf(code.toUpperCase());
        }
    }

    public static Booking request(long passengerId, long chatId, String name, String phone, String language,
                                  String from, String to, LocalDate date, int seats, long estimatePerSeat) {
        if (seats < 1 || seats > 8) {
            throw new IllegalArgumentException("a booking is for 1 to 8 seats");
        }
        return new Booking(UUID.randomUUID(), passengerId, chatId, name, phone, language, from, to, date, seats,
                estimatePerSeat, null, Status.REQUESTED);
    }

    public long total() {
        return pricePerSeat * seats;
    }

    public Booking confirmedOn(UUID trip, long price) {
        return new Booking(id, passengerId, passengerChatId, passengerName, passengerPhone, passengerLanguage, fromCity,
                toCity, date, seats, price, trip, Status.CONFIRMED);
    }

    public Booking in(Status next) {
        return new Booking(id, passengerId, passengerChatId, passengerName, passengerPhone, passengerLanguage, fromCity,
                toCity, date, seats, pricePerSeat, tripId, next);
    }
}
