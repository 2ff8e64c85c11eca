package kz.tapbot.taxi.trip;

import java.time.Instant;
import java.util.UUID;

/** A published ride: a driver, a route, a departure, seats (free of total) and a price per seat. */
public record Trip(UUID id, long driverId, String fromCity, String toCity, Instant departureAt, int seatsTotal,
                   int seatsFree, long pricePerSeat, String status) {

    public static Trip publish(long driverId, String from, String to, Instant departureAt, int seats, long price) {
        if (seats < 1 || seats > 8) {
            throw new IllegalArgumentException("a trip has 1 to 8 seats");
        }
        if (price <= 0) {
            throw new IllegalArgumentException("a seat has a price");
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("a trip goes from one city to another");
        }
        return new Trip(UUID.randomUUID(), driverId, from, to, departureAt, seats, seats, price, "published");
    }
}
