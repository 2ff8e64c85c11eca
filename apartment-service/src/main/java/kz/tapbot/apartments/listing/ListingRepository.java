package kz.tapbot.apartments.listing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** apartments.listing. */
@ApplicationScoped
public class ListingRepository {

    private final AgroalDataSource dataSource;

    ListingRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Listing l) {
        String sql = "INSERT INTO apartments.listing (id, external_id, landlord_id, landlord_chat_id, title, city, district,"
                + " address, lat, lon, rooms, max_guests, price_per_night, amenities, description, photos, instant_book,"
                + " free_cancellation_days, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, l.id());
            s.setString(2, l.externalId());
            s.setObject(3, l.landlordId());
            s.setObject(4, l.landlordChatId());
            s.setString(5, l.title());
            s.setString(6, l.city());
            s.setString(7, l.district());
            s.setString(8, l.address());
            s.setObject(9, l.lat());
            s.setObject(10, l.lon());
            s.setInt(11, l.rooms());
            s.setInt(12, l.maxGuests());
            s.setLong(13, l.pricePerNight());
            s.setArray(14, c.createArrayOf("text", l.amenities().toArray()));
            s.setString(15, l.description());
            s.setArray(16, c.createArrayOf("text", l.photos().toArray()));
            s.setBoolean(17, l.instantBook());
            s.setInt(18, l.freeCancellationDays());
            s.setString(19, l.status());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not add listing", e);
        }
    }

    /** Inserts, or updates the listing imported before under the same external id; returns its id. */
    public UUID importListing(Listing l) {
        String sql = "INSERT INTO apartments.listing (id, external_id, title, city, district, address, lat, lon, rooms,"
                + " max_guests, price_per_night, amenities, description, photos, instant_book)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (external_id) DO UPDATE SET title = excluded.title, city = excluded.city,"
                + " district = excluded.district, address = excluded.address, lat = excluded.lat, lon = excluded.lon,"
                + " rooms = excluded.rooms, max_guests = excluded.max_guests, price_per_night = excluded.price_per_night,"
                + " amenities = excluded.amenities, description = excluded.description, photos = excluded.photos,"
                + " instant_book = excluded.instant_book, updated_at = now() RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, l.id());
            s.setString(2, l.externalId());
            s.setString(3, l.title());
            s.setString(4, l.city());
            s.setString(5, l.district());
            s.setString(6, l.address());
            s.setObject(7, l.lat());
            s.setObject(8, l.lon());
            s.setInt(9, l.rooms());
            s.setInt(10, l.maxGuests());
            s.setLong(11, l.pricePerNight());
            s.setArray(12, c.createArrayOf("text", l.amenities().toArray()));
            s.setString(13, l.description());
            s.setArray(14, c.createArrayOf("text", l.photos().toArray()));
            s.setBoolean(15, l.instantBook());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not import listing", e);
        }
    }

    public List<UUID> allIds() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM apartments.listing ORDER BY created_at");
             ResultSet r = s.executeQuery()) {
            List<UUID> ids = new java.util.ArrayList<>();
            while (r.next()) {
                ids.add(r.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list listings", e);
        }
    }

    /** Of these listings, those with a stay or block overlapping [checkIn, checkOut). */
    public java.util.Set<UUID> takenDuring(List<UUID> ids, java.time.LocalDate checkIn, java.time.LocalDate checkOut) {
        String sql = "SELECT DISTINCT listing_id FROM apartments.stay WHERE listing_id = ANY (?)"
                + " AND status IN ('pending', 'confirmed', 'blocked')"
                + " AND daterange(check_in, check_out, '[)') && daterange(?, ?, '[)')";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.setObject(2, checkIn);
            s.setObject(3, checkOut);
            java.util.Set<UUID> taken = new java.util.HashSet<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    taken.add(r.getObject(1, UUID.class));
                }
            }
            return taken;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the calendar", e);
        }
    }

    public Optional<Listing> find(UUID id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT * FROM apartments.listing WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Listing(r.getObject("id", UUID.class), r.getString("external_id"),
                        (Long) r.getObject("landlord_id"), (Long) r.getObject("landlord_chat_id"), r.getString("title"),
                        r.getString("city"), r.getString("district"), r.getString("address"),
                        (Double) r.getObject("lat"), (Double) r.getObject("lon"), r.getInt("rooms"),
                        r.getInt("max_guests"), r.getLong("price_per_night"), strings(r.getArray("amenities")),
                        r.getString("description"), strings(r.getArray("photos")), r.getBoolean("instant_book"),
                        r.getInt("free_cancellation_days"), r.getString("status")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read listing", e);
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
