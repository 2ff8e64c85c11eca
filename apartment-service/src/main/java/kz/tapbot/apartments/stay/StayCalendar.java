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
 * (exclusion constraint stay_nights_never_overlap, SQLSTATE 23P01) whatever runs concurrently;
 * that refusal comes back as {@link StayOverlapsException}.
 */
@ApplicationScoped
public class StayCalendar {

    private static final String EXCLUSION_VIOLATION = "23P01";

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
                + " VALUES (?, ?, ?, ?, 'booking', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, listingId, Date.valueOf(stay.checkIn()), Date.valueOf(stay.checkOut()), status, guestId, guestChatId,
                guestName, guestPhone, language, guests, stay.nights(), total,
                expiresAt == null ? null : Timestamp.from(expiresAt));
        return id;
    }

    /** The landlord closes these nights. */
    public UUID block(UUID listingId, Stay stay) {
        UUID id = UUID.randomUUID();
        insert("INSERT INTO apartments.stay (id, listing_id, check_in, check_out, kind, status, nights)"
                + " VALUES (?, ?, ?, ?, 'block', 'blocked', ?)",
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

    private void insert(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            if (EXCLUSION_VIOLATION.equals(e.getSQLState())) {
                throw new StayOverlapsException("those nights are taken");
            }
            throw new IllegalStateException("could not write the calendar", e);
        }
    }
}
