package kz.tapbot.apartments.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.dialog.ApartmentDialog;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.listing.Listings;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.privacy.Pseudonyms;
import org.jboss.logging.Logger;

/**
 * Erases a user from apartment-service. As a guest: every stay stays (the calendar, accounting, the statistics
 * already published) with the guest anonymised: ids replaced by a pseudonym, name and phone gone; a request still
 * pending is cancelled, since the guest could not be told the landlord's answer. As a landlord: the listings are
 * paused (no new guest could reach anyone) and lose their landlord (ids, contact, language), so that operators answer
 * for them as for an imported listing; what describes the apartment stays. Their dialog session goes. Idempotent: a
 * second run finds no row under the user's id.
 */
@ApplicationScoped
public class UserErasures {

    private static final Logger LOG = Logger.getLogger(UserErasures.class);

    private final AgroalDataSource dataSource;
    private final ApartmentBookings bookings;
    private final ListingRepository listingRepository;
    private final Listings listings;
    private final Pseudonyms pseudonyms;
    private final RedisDataSource redis;
    private final Clock clock;
    private final ApartmentSettings settings;

    UserErasures(AgroalDataSource dataSource, ApartmentBookings bookings, ListingRepository listingRepository,
                 Listings listings, Pseudonyms pseudonyms, RedisDataSource redis, Clock clock, ApartmentSettings settings) {
        this.dataSource = dataSource;
        this.bookings = bookings;
        this.listingRepository = listingRepository;
        this.listings = listings;
        this.pseudonyms = pseudonyms;
        this.redis = redis;
        this.clock = clock;
        this.settings = settings;
    }

    /** Erases the user in one transaction; the dialog session is dropped after it. */
    public void erase(long userId) {
        eraseRows(userId);
        redis.key(String.class).del(SessionStore.key(ApartmentDialog.BOT, userId));
    }

    @Transactional
    void eraseRows(long userId) {
        long pseudonym = pseudonyms.of(userId);
        int paused = 0;
        for (Listing listing : listingRepository.ofLandlord(userId)) {
            if (Listing.ACTIVE.equals(listing.status())) {
                listings.changeStatus(listing.id(), Listing.PAUSED);
                paused++;
            }
        }
        List<UUID> pending = new ArrayList<>();
        int stays = 0;
        int landlordListings;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement anonymise = c.prepareStatement("UPDATE apartments.stay SET guest_id = ?,"
                    + " guest_chat_id = ?, guest_name = NULL, guest_phone = NULL, updated_at = now()"
                    + " WHERE guest_id = ? OR guest_chat_id = ? RETURNING id, status")) {
                anonymise.setLong(1, pseudonym);
                anonymise.setLong(2, pseudonym);
                anonymise.setLong(3, userId);
                anonymise.setLong(4, userId);
                try (ResultSet r = anonymise.executeQuery()) {
                    while (r.next()) {
                        stays++;
                        if ("pending".equals(r.getString("status"))) {
                            pending.add(r.getObject("id", UUID.class));
                        }
                    }
                }
            }
            try (PreparedStatement landlord = c.prepareStatement("UPDATE apartments.listing SET landlord_id = NULL,"
                    + " landlord_chat_id = NULL, landlord_contact = NULL, landlord_language = NULL, updated_at = now()"
                    + " WHERE landlord_id = ? OR landlord_chat_id = ?")) {
                landlord.setLong(1, userId);
                landlord.setLong(2, userId);
                landlordListings = landlord.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not erase the user's stays and listings", e);
        }
        // announced on apartment.bookings under the pseudonym: the stay was anonymised first
        LocalDate today = LocalDate.now(clock.withZone(settings.zone()));
        pending.forEach(id -> bookings.cancel(id, pseudonym, today));
        LOG.infof("user erased from apartment-service: %d stays anonymised (%d pending ones cancelled), %d listings"
                + " without their landlord (%d paused)", stays, pending.size(), landlordListings, paused);
    }
}
