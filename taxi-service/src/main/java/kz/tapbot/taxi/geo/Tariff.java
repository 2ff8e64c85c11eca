package kz.tapbot.taxi.geo;

import kz.tapbot.geo.City;
/**
 * The price of a seat between two cities: great-circle distance times a road factor, times the
 * tariff per km per seat, never below the minimum fare, rounded up to 100 tenge.
 */
public record Tariff(double tengePerKmPerSeat, long minimumFarePerSeat, double roadFactor) {

    public long roadKm(City from, City to) {
        return Math.round(from.distanceKm(to) * roadFactor);
    }

    public long pricePerSeat(City from, City to) {
        double raw = Math.max(minimumFarePerSeat, roadKm(from, to) * tengePerKmPerSeat);
        return (long) Math.ceil(raw / 100.0) * 100;
    }
}
