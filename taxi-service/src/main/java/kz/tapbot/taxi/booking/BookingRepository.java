package kz.tapbot.taxi.booking;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.taxi.trip.SeatsTaken;
import kz.tapbot.taxi.trip.TripRepository;

/** taxi.booking. Status changes are conditional UPDATEs: of two concurrent changes exactly one wins. */
@ApplicationScoped
public class BookingRepository {

    private static final String COLUMNS = "id, passenger_id, passenger_chat_id, passenger_name, passenger_phone,"
            + " passenger_language, from_city, to_city, travel_date, seats, price_per_seat, trip_id, status";

    private final AgroalDataSource dataSource;

    BookingRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Writes a new request, seated at once when it can be: takes its seats on the earliest published trip of its
     * route departing in [from, to) that has them, and inserts the booking confirmed on that trip at the trip's price
     * or, when there is none, still requested; one statement, so one round trip. Returns the seats taken with the
     * trip's driver, or empty when the booking was written as requested: no trip had room, or a concurrent booking
     * took the seats of the one chosen (the condition is checked again on the locked row, so seats are never oversold).
     */
    public Optional<SeatsTaken> insertSeatedOnEarliest(Booking b, Instant from, Instant to) {
        String sql = "WITH taken AS (UPDATE taxi.trip SET seats_free = seats_free - ? WHERE id = (SELECT id FROM taxi.trip"
                + " WHERE status = 'published' AND from_city = ? AND to_city = ? AND departure_at >= ? AND departure_at < ?"
                + " AND seats_free >= ? ORDER BY departure_at, created_at LIMIT 1) AND status = 'published'"
                + " AND seats_free >= ? RETURNING *),"
                + " booked AS (INSERT INTO taxi.booking (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?,"
                + " COALESCE(taken.price_per_seat, ?), taken.id, CASE WHEN taken.id IS NULL THEN ? ELSE ? END"
                + " FROM (SELECT 1) AS one LEFT JOIN taken ON true)"
                + " SELECT taken.*, " + DriverRepository.SELECTED_AS_DRIVER
                + " FROM taken JOIN taxi.driver d ON d.telegram_id = taken.driver_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            // java.time values, not Timestamp and Date: those go through the driver's Calendar conversions (3% of a
            // booking's CPU in benchmark 4)
            bind(s, b.seats(), b.fromCity(), b.toCity(), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC),
                    b.seats(), b.seats(), b.id(), b.passengerId(), b.passengerChatId(), b.passengerName(),
                    b.passengerPhone(), b.passengerLanguage(), b.fromCity(), b.toCity(), b.date(), b.seats(),
                    b.pricePerSeat(), b.status().code(), Booking.Status.CONFIRMED.code());
            try (ResultSet row = s.executeQuery()) {
                return row.next() ? Optional.of(new SeatsTaken(TripRepository.read(row),
                        DriverRepository.read(row, "driver_"))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the booking", e);
        }
    }

    public Optional<Booking> find(UUID id) {
        List<Booking> found = query("SELECT " + COLUMNS + " FROM taxi.booking WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** requested -> confirmed on a trip; false if the booking is no longer waiting (taken or cancelled). */
    public boolean confirm(UUID bookingId, UUID tripId, long pricePerSeat) {
        return update("UPDATE taxi.booking SET status = 'confirmed', trip_id = ?, price_per_seat = ?, updated_at = now()"
                + " WHERE id = ? AND status = 'requested'", tripId, pricePerSeat, bookingId) == 1;
    }

    /** requested/confirmed -> cancelled; the booking as it was, or empty if it could not be cancelled. */
    public Optional<Booking> cancel(UUID bookingId) {
        List<Booking> cancelled = query("UPDATE taxi.booking b SET status = 'cancelled', updated_at = now()"
                + " FROM taxi.booking old WHERE b.id = old.id AND b.id = ? AND b.status IN ('requested', 'confirmed')"
                + " RETURNING " + prefixed("old"), bookingId);
        return cancelled.isEmpty() ? Optional.empty() : Optional.of(cancelled.get(0));
    }

    public List<Booking> ofPassenger(long passengerId, LocalDate from) {
        return query("SELECT " + COLUMNS + " FROM taxi.booking WHERE passenger_id = ? AND travel_date >= ?"
                + " AND status IN ('requested', 'confirmed') ORDER BY travel_date, created_at", passengerId, Date.valueOf(from));
    }

    public List<Booking> ofPassengerAll(long passengerId) {
        return query("SELECT " + COLUMNS + " FROM taxi.booking WHERE passenger_id = ? ORDER BY created_at DESC",
                passengerId);
    }

    public List<Booking> confirmedOn(UUID tripId) {
        return query("SELECT " + COLUMNS + " FROM taxi.booking WHERE trip_id = ? AND status = 'confirmed'", tripId);
    }

    /** Open requests on a route and day, oldest first. */
    public List<Booking> openOn(String fromCity, String toCity, LocalDate date) {
        return query("SELECT " + COLUMNS + " FROM taxi.booking WHERE status = 'requested' AND from_city = ?"
                + " AND to_city = ? AND travel_date = ? ORDER BY created_at", fromCity, toCity, Date.valueOf(date));
    }

    /** Open requests on the routes and days (in {@code zone}) this driver has published trips for. */
    public List<Booking> openForDriver(long driverId, Instant after, java.time.ZoneId zone) {
        return query("SELECT DISTINCT " + prefixed("b") + ", b.created_at FROM taxi.booking b JOIN taxi.trip t"
                + " ON t.from_city = b.from_city AND t.to_city = b.to_city"
                + " AND (t.departure_at AT TIME ZONE ?)::date = b.travel_date"
                + " WHERE b.status = 'requested' AND t.driver_id = ? AND t.status = 'published' AND t.departure_at > ?"
                + " ORDER BY b.created_at LIMIT 20", zone.getId(), driverId, Timestamp.from(after));
    }

    public List<Booking> open(int limit) {
        return query("SELECT " + COLUMNS + " FROM taxi.booking WHERE status = 'requested' ORDER BY created_at LIMIT "
                + limit);
    }

    /** Confirmed bookings departing within the window that have not been reminded; marks them reminded. */
    public List<Booking> claimDueReminders(Instant now, Instant until) {
        return query("UPDATE taxi.booking b SET reminder_sent = true FROM taxi.trip t WHERE b.trip_id = t.id"
                + " AND b.status = 'confirmed' AND NOT b.reminder_sent AND t.departure_at > ? AND t.departure_at <= ?"
                + " RETURNING " + prefixed("b"), Timestamp.from(now), Timestamp.from(until));
    }

    /** Requests still open after their travel day are closed (cancelled); returns them. */
    public List<Booking> closeUnmatchedBefore(LocalDate day) {
        return query("UPDATE taxi.booking SET status = 'cancelled', updated_at = now() WHERE status = 'requested'"
                + " AND travel_date < ? RETURNING " + COLUMNS, Date.valueOf(day));
    }

    /** Confirmed bookings whose trip left before {@code before} become completed; returns them. */
    public List<Booking> completeDeparted(Instant before) {
        return query("UPDATE taxi.booking b SET status = 'completed', updated_at = now() FROM taxi.trip t"
                + " WHERE b.trip_id = t.id AND b.status = 'confirmed' AND t.departure_at < ? RETURNING " + prefixed("b"),
                Timestamp.from(before));
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change bookings", e);
        }
    }

    private List<Booking> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            List<Booking> bookings = new ArrayList<>();
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    bookings.add(new Booking(row.getObject("id", UUID.class), row.getLong("passenger_id"),
                            row.getLong("passenger_chat_id"), row.getString("passenger_name"),
                            row.getString("passenger_phone"), row.getString("passenger_language"),
                            row.getString("from_city"), row.getString("to_city"), row.getDate("travel_date").toLocalDate(),
                            row.getInt("seats"), row.getLong("price_per_seat"), row.getObject("trip_id", UUID.class),
                            Booking.Status.of(row.getString("status"))));
                }
            }
            return bookings;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read bookings", e);
        }
    }

    private static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
    }
}
