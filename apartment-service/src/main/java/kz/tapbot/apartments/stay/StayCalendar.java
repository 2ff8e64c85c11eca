package kz.tapbot.apartments.stay;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * apartments.stay: the calendar of every listing. The database refuses overlapping nights
 * (exclusion constraint stay_nights_never_overlap) whatever runs concurrently; that refusal comes
 * back as {@link StayOverlapsException}. Stays are inserted with ON CONFLICT DO NOTHING: a plain
 * INSERT racing another for the same nights could end in a deadlock (both index entries written,
 * each inserter waiting for the other), where the speculative one waits before it writes, then
 * writes nothing.
 */
@ApplicationScoped
public class StayCalendar {

    private final AgroalDataSource dataSource;

    StayCalendar(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Holds the nights for a guest: 'pending' until the landlord answers, or 'confirmed' at once. */
    public UUID holdForGuest(UUID listingId, Stay stay, long guestId, long guestChatId, String guestName, String guestPhone,
                             String language, int guests, long total, String status, Instant expiresAt) {
        UUID id = UUID.randomUUID();
        insert("INSERT INTO apartments.stay (id, listing_id, check_in, check_out, kind, status, guest_id, guest_chat_id,"
                + " guest_name, guest_phone, guest_language, guests, nights, total_price, expires_at)"
                + " VALUES (?, ?, ?, ?, 'booking', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                id, listingId, Date.valueOf(stay.checkIn()), Date.valueOf(stay.checkOut()), status, guestId, guestChatId,
                guestName, guestPhone, language, guests, stay.nights(), total,
                expiresAt == null ? null : Timestamp.from(expiresAt));
        return id;
    }

    /** The landlord closes these nights. */
    public UUID block(UUID listingId, Stay stay) {
        UUID id = UUID.randomUUID();
        insert("INSERT INTO apartments.stay (id, listing_id, check_in, check_out, kind, status, nights)"
                + " VALUES (?, ?, ?, ?, 'block', 'blocked', ?) ON CONFLICT DO NOTHING",
                id, listingId, Date.valueOf(stay.checkIn()), Date.valueOf(stay.checkOut()), stay.nights());
        return id;
    }

    /** Frees the nights of a stay (cancelled, declined, expired or unblocked); false if it held none. */
    public boolean release(UUID stayId, String newStatus) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "UPDATE apartments.stay SET status = ?, updated_at = now() WHERE id = ?"
                        + " AND status IN ('pending', 'confirmed', 'blocked')")) {
            s.setString(1, newStatus);
            s.setObject(2, stayId);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not release a stay", e);
        }
    }

    /** A guest's booking by id. */
    public java.util.Optional<kz.tapbot.apartments.booking.ApartmentBooking> booking(UUID id) {
        java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> found = bookings(
                "SELECT * FROM apartments.stay WHERE id = ? AND kind = 'booking'", id);
        return found.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(found.get(0));
    }

    /** Moves a booking from one of {@code from} to {@code to}; empty if it was in none of them. */
    public java.util.Optional<kz.tapbot.apartments.booking.ApartmentBooking> transition(UUID id, String to, String... from) {
        java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> moved = bookings(
                "UPDATE apartments.stay SET status = ?, updated_at = now() WHERE id = ? AND kind = 'booking'"
                        + " AND status = ANY (?) RETURNING *", to, id, from);
        return moved.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(moved.get(0));
    }

    /** What holds nights at a listing between two days: bookings and blocks. */
    public record Entry(UUID id, java.time.LocalDate checkIn, java.time.LocalDate checkOut, String kind, String status) {
    }

    public java.util.List<Entry> holds(UUID listingId, java.time.LocalDate from, java.time.LocalDate to) {
        String sql = "SELECT id, check_in, check_out, kind, status FROM apartments.stay WHERE listing_id = ?"
                + " AND status IN ('pending', 'confirmed', 'blocked')"
                + " AND daterange(check_in, check_out, '[)') && daterange(?, ?, '[)') ORDER BY check_in";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, listingId);
            s.setObject(2, from);
            s.setObject(3, to);
            java.util.List<Entry> entries = new java.util.ArrayList<>();
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(new Entry(r.getObject(1, UUID.class), r.getDate(2).toLocalDate(), r.getDate(3).toLocalDate(),
                            r.getString(4), r.getString(5)));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the calendar", e);
        }
    }

    /** A guest's bookings, newest first. */
    public java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> bookingsOf(long guestId) {
        return bookings("SELECT * FROM apartments.stay WHERE guest_id = ? AND kind = 'booking' ORDER BY created_at DESC",
                guestId);
    }

    /** Bookings at a listing that still hold nights and end after {@code today}, soonest first. */
    public java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> upcomingAt(UUID listingId, java.time.LocalDate today) {
        return bookings("SELECT * FROM apartments.stay WHERE listing_id = ? AND kind = 'booking'"
                + " AND status IN ('pending', 'confirmed') AND check_out > ? ORDER BY check_in", listingId, today);
    }

    /** The landlord's blocks at a listing that end after {@code today}, soonest first. */
    public java.util.List<Entry> blocksAt(UUID listingId, java.time.LocalDate today) {
        return holds(listingId, today, today.plusYears(2)).stream().filter(e -> "block".equals(e.kind())).toList();
    }

    /** The listing a stay or block belongs to. */
    public java.util.Optional<UUID> listingOf(UUID stayId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT listing_id FROM apartments.stay WHERE id = ?")) {
            s.setObject(1, stayId);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? java.util.Optional.of(r.getObject(1, UUID.class)) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the calendar", e);
        }
    }

    /** Pending requests the landlord did not answer in time become expired, freeing their nights. */
    public java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> expireDue(Instant now) {
        return bookings("UPDATE apartments.stay SET status = 'expired', updated_at = now() WHERE kind = 'booking'"
                + " AND status = 'pending' AND expires_at <= ? RETURNING *", Timestamp.from(now));
    }

    private java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> bookings(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i] instanceof String[] array ? c.createArrayOf("text", array) : params[i]);
            }
            java.util.List<kz.tapbot.apartments.booking.ApartmentBooking> found = new java.util.ArrayList<>();
            try (java.sql.ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new kz.tapbot.apartments.booking.ApartmentBooking(r.getObject("id", UUID.class),
                            r.getObject("listing_id", UUID.class),
                            new Stay(r.getDate("check_in").toLocalDate(), r.getDate("check_out").toLocalDate()),
                            r.getString("status"), r.getLong("guest_id"), r.getLong("guest_chat_id"),
                            r.getString("guest_language"), r.getInt("guests"), r.getLong("total_price"),
                            r.getString("guest_name")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read bookings", e);
        }
    }

    /** Inserts a stay (ON CONFLICT DO NOTHING); nothing inserted means its nights overlap a held stay. */
    private void insert(String sql, Object... params) {
        int inserted;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            inserted = s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the calendar", e);
        }
        if (inserted == 0) {
            throw new StayOverlapsException("those nights are taken");
        }
    }
}
