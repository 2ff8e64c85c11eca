package kz.tapbot.apartments.listing;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** apartments.listing: the listings, as landlords and imports described them. */
@ApplicationScoped
public class ListingRepository {

    private static final String COLUMNS = "id, external_id, landlord_id, landlord_chat_id, title, city, district, address,"
            + " lat, lon, rooms, max_guests, price_per_night, amenities, description, photos, instant_book,"
            + " free_cancellation_days, status, landlord_contact, house_rules, rating, landlord_language";
    private static final String DESCRIBED = "title = excluded.title, city = excluded.city, district = excluded.district,"
            + " address = excluded.address, lat = excluded.lat, lon = excluded.lon, rooms = excluded.rooms,"
            + " max_guests = excluded.max_guests, price_per_night = excluded.price_per_night,"
            + " amenities = excluded.amenities, description = excluded.description, photos = excluded.photos,"
            + " instant_book = excluded.instant_book, house_rules = excluded.house_rules, rating = excluded.rating,"
            + " updated_at = now()";

    private final AgroalDataSource dataSource;

    ListingRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(Listing l) {
        write("INSERT INTO apartments.listing (" + COLUMNS + ") VALUES (" + "?, ".repeat(22) + "?)", l);
    }

    /** Inserts, or updates the listing imported before under the same external id; returns its id. */
    public UUID importListing(Listing l) {
        String sql = "INSERT INTO apartments.listing (" + COLUMNS + ") VALUES (" + "?, ".repeat(22) + "?)"
                + " ON CONFLICT (external_id) DO UPDATE SET " + DESCRIBED + " RETURNING id";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(c, s, l);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not import listing", e);
        }
    }

    /** Replaces what describes a listing (not its owner or id); false if there is no such listing. */
    public boolean update(Listing l) {
        String sql = "UPDATE apartments.listing SET title = ?, city = ?, district = ?, address = ?, lat = ?, lon = ?,"
                + " rooms = ?, max_guests = ?, price_per_night = ?, amenities = ?, description = ?, photos = ?,"
                + " instant_book = ?, free_cancellation_days = ?, status = ?, landlord_contact = ?, house_rules = ?,"
                + " rating = ?, updated_at = now() WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, l.title());
            s.setString(2, l.city());
            s.setString(3, l.district());
            s.setString(4, l.address());
            s.setObject(5, l.lat());
            s.setObject(6, l.lon());
            s.setInt(7, l.rooms());
            s.setInt(8, l.maxGuests());
            s.setLong(9, l.pricePerNight());
            s.setArray(10, c.createArrayOf("text", l.amenities().toArray()));
            s.setString(11, l.description());
            s.setArray(12, c.createArrayOf("text", l.photos().toArray()));
            s.setBoolean(13, l.instantBook());
            s.setInt(14, l.freeCancellationDays());
            s.setString(15, l.status());
            s.setString(16, l.landlordContact());
            s.setString(17, l.houseRules());
            s.setObject(18, l.rating());
            s.setObject(19, l.id());
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not update listing", e);
        }
    }

    public Optional<Listing> find(UUID id) {
        List<Listing> found = query("SELECT * FROM apartments.listing WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public Optional<Listing> findByExternalId(String externalId) {
        List<Listing> found = query("SELECT * FROM apartments.listing WHERE external_id = ?", externalId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** A landlord's listings that are not archived, oldest first. */
    public List<Listing> ofLandlord(long landlordId) {
        return query("SELECT * FROM apartments.listing WHERE landlord_id = ? AND status <> 'archived'"
                + " ORDER BY created_at", landlordId);
    }

    /** A page of listings, optionally of one city and status, oldest first. */
    public List<Listing> page(String city, String status, int limit, int offset) {
        return query("SELECT * FROM apartments.listing WHERE (?::text IS NULL OR city = ?)"
                + " AND (?::text IS NULL OR status = ?) ORDER BY created_at, id LIMIT ? OFFSET ?",
                city, city, status, status, limit, offset);
    }

    public List<UUID> allIds() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id FROM apartments.listing ORDER BY created_at");
             ResultSet r = s.executeQuery()) {
            List<UUID> ids = new ArrayList<>();
            while (r.next()) {
                ids.add(r.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list listings", e);
        }
    }

    /** Of these listings, those with a stay or block overlapping [checkIn, checkOut). */
    public Set<UUID> takenDuring(List<UUID> ids, LocalDate checkIn, LocalDate checkOut) {
        String sql = "SELECT DISTINCT listing_id FROM apartments.stay WHERE listing_id = ANY (?)"
                + " AND status IN ('pending', 'confirmed', 'blocked')"
                + " AND daterange(check_in, check_out, '[)') && daterange(?, ?, '[)')";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            s.setObject(2, checkIn);
            s.setObject(3, checkOut);
            Set<UUID> taken = new HashSet<>();
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

    private void write(String sql, Listing l) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(c, s, l);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not add listing", e);
        }
    }

    private static void bind(Connection c, PreparedStatement s, Listing l) throws SQLException {
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
        s.setString(20, l.landlordContact());
        s.setString(21, l.houseRules());
        s.setObject(22, l.rating());
        s.setString(23, l.landlordLanguage());
    }

    private List<Listing> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Listing> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(listing(r));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read listings", e);
        }
    }

    private static Listing listing(ResultSet r) throws SQLException {
        java.math.BigDecimal rating = r.getBigDecimal("rating");
        return new Listing(r.getObject("id", UUID.class), r.getString("external_id"),
                (Long) r.getObject("landlord_id"), (Long) r.getObject("landlord_chat_id"), r.getString("title"),
                r.getString("city"), r.getString("district"), r.getString("address"),
                (Double) r.getObject("lat"), (Double) r.getObject("lon"), r.getInt("rooms"), r.getInt("max_guests"),
                r.getLong("price_per_night"), strings(r.getArray("amenities")), r.getString("description"),
                strings(r.getArray("photos")), r.getBoolean("instant_book"), r.getInt("free_cancellation_days"),
                r.getString("status"), r.getString("landlord_contact"), r.getString("house_rules"),
                rating == null ? null : rating.doubleValue(), r.getString("landlord_language"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
