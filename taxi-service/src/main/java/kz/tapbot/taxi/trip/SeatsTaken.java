package kz.tapbot.taxi.trip;

import kz.tapbot.taxi.driver.Driver;

/** Seats just taken on a trip, with the trip's driver: whom the passenger rides with, and whom to tell. */
public record SeatsTaken(Trip trip, Driver driver) {
}
