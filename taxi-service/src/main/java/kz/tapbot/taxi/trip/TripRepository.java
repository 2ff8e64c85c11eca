package kz.tapbot.taxi.trip;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** taxi.trip. Seats are taken with one conditional UPDATE, so two bookings can never share the last seat. */
@ApplicationScoped
public class TripRepository {

    private final AgroalDataSource dataSource;

    TripRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Trip trip) {
        String sql = "INSERT INTO taxi.trip (id, driver_id, from_city, to_city, departure_at, seats_total, seats_free,"
                + " price_per_seat, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, trip.id());
            s.setLong(2, trip.driverId());
            s.setString(3, trip.fromCity());
            s.setString(4, trip.toCity());
            s.setTimestamp(5, Timestamp.from(trip.departureAt()));
            s.setInt(6, trip.seatsTotal());
            s.setInt(7, trip.seatsFree());
            s.setLong(8, trip.pricePerSeat());
            s.setString(9, trip.status());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not publish trip", e);
        }
    }

    public Optional<Trip> find(UUID id) {
        List<Trip> found = query("SELECT * FROM taxi.trip WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Takes {@code seats} seats if that many are still free; false if not (someone else was faster). */
    public boolean reserveSeats(UUID tripId, int seats) {
        return update("UPDATE taxi.trip SET seats_free = seats_free - ? WHERE id = ? AND status = 'published'"
                + " AND seats_free >= ?", seats, tripId, seats) == 1;
    }

    public void releaseSeats(UUID tripId, int seats) {
        update("UPDATE taxi.trip SET seats_free = LEAST(seats_total, seats_free + ?) WHERE id = ?", seats, tripId);
    }

    /** Published trips on a route departing in [from, to) with enough free seats, earliest first. */
    public List<Trip> withFreeSeats(String fromCity, String toCity, Instant from, Instant to, int seats) {
        return query("SELECT * FROM taxi.trip WHERE status = 'published' AND from_city = ? AND to_city = ?"
                + " AND departure_at >= ? AND departure_at < ? AND seats_free >= ? ORDER BY departure_at, created_at",
                fromCity, toCity, Timestamp.from(from), Timestamp.from(to), seats);
    }

    public List<Trip> upcomingOf(long driverId, Instant after) {
        return query("SELECT * FROM taxi.trip WHERE driver_id = ? AND status = 'published' AND departure_at > ?"
                + " ORDER BY departure_at", driverId, Timestamp.from(after));
    }

    public List<Trip> upcoming(Instant after, int limit) {
        return query("SELECT * FROM taxi.trip WHERE status = 'published' AND departure_at > ? ORDER BY departure_at"
                + " LIMIT " + limit, Timestamp.from(after));
    }

    /** Cancels a published trip of this driver; false if it is not theirs or not published. */
    public boolean cancel(UUID tripId, long driverId) {
        return update("UPDATE taxi.trip SET status = 'cancelled' WHERE id = ? AND driver_id = ? AND status = 'published'",
                tripId, driverId) == 1;
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update trips", e);
        }
    }

    private List<Trip> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<Trip> trips = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    trips.add(read(row));
                }
            }
            return trips;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read trips", e);
        }
    }

    /** A trip from a row of taxi.trip (or of a statement returning its columns). */
    public static Trip read(ResultSet row) throws SQLException {
        return new Trip(row.getObject("id", UUID.class), row.getLong("driver_id"), row.getString("from_city"),
                row.getString("to_city"), row.getObject("departure_at", OffsetDateTime.class).toInstant(),
                row.getInt("seats_total"), row.getInt("seats_free"), row.getLong("price_per_seat"),
                row.getString("status"));
    }

    static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
