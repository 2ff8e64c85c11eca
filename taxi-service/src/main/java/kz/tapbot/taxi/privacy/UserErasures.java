package kz.tapbot.taxi.privacy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.tapbot.events.BotReply;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.platform.privacy.Pseudonyms;
import kz.tapbot.taxi.booking.TaxiBookings;
import kz.tapbot.taxi.dialog.TaxiDialog;
import org.jboss.logging.Logger;

/**
 * Erases a user from taxi-service. As a passenger: every booking stays (accounting, the trips' seat counts, the
 * statistics already published) with the passenger anonymised: ids replaced by a pseudonym, name and phone gone, no
 * reminder to send; a request still open is cancelled, since nobody could be told when a trip seats it. As a
 * driver: the upcoming trips are cancelled and their passengers told; the driver row stays under a pseudonym (the
 * trips keep their driver) with name, car, plate and phone gone. Their dialog session goes. Idempotent: a second
 * run finds no row under the user's id.
 */
@ApplicationScoped
public class UserErasures {

    private static final Logger LOG = Logger.getLogger(UserErasures.class);
    static final String ERASED = "—";

    private final AgroalDataSource dataSource;
    private final TaxiBookings taxi;
    private final ReplyOutbox replies;
    private final Pseudonyms pseudonyms;
    private final RedisDataSource redis;

    UserErasures(AgroalDataSource dataSource, TaxiBookings taxi, ReplyOutbox replies, Pseudonyms pseudonyms,
                 RedisDataSource redis) {
        this.dataSource = dataSource;
        this.taxi = taxi;
        this.replies = replies;
        this.pseudonyms = pseudonyms;
        this.redis = redis;
    }

    /** Erases the user in one transaction; the dialog session is dropped after it. */
    public void erase(String erasureId, long userId) {
        eraseRows(erasureId, userId);
        redis.key(String.class).del(SessionStore.key(TaxiDialog.BOT, userId));
    }

    @Transactional
    void eraseRows(String erasureId, long userId) {
        long pseudonym = pseudonyms.of(userId);
        List<BotReply> told = new ArrayList<>(taxi.cancelTripsOfErasedDriver(userId));
        List<UUID> open = new ArrayList<>();
        int bookings = 0;
        int drivers;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement anonymise = c.prepareStatement("UPDATE taxi.booking SET passenger_id = ?,"
                    + " passenger_chat_id = ?, passenger_name = NULL, passenger_phone = NULL, reminder_sent = true,"
                    + " updated_at = now() WHERE passenger_id = ? OR passenger_chat_id = ? RETURNING id, status")) {
                anonymise.setLong(1, pseudonym);
                anonymise.setLong(2, pseudonym);
                anonymise.setLong(3, userId);
                anonymise.setLong(4, userId);
                try (ResultSet r = anonymise.executeQuery()) {
                    while (r.next()) {
                        bookings++;
                        if ("requested".equals(r.getString("status"))) {
                            open.add(r.getObject("id", UUID.class));
                        }
                    }
                }
            }
            try (PreparedStatement driver = c.prepareStatement("UPDATE taxi.driver SET telegram_id = ?, chat_id = ?,"
                    + " name = ?, car = ?, plate = ?, phone = ?, erased_at = now() WHERE telegram_id = ?")) {
                driver.setLong(1, pseudonym);
                driver.setLong(2, pseudonym);
                driver.setString(3, ERASED);
                driver.setString(4, ERASED);
                driver.setString(5, ERASED);
                driver.setString(6, ERASED);
                driver.setLong(7, userId);
                drivers = driver.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not erase the user's bookings", e);
        }
        // announced on taxi.bookings under the pseudonym: the booking was anonymised first
        open.forEach(taxi::cancel);
        if (!told.isEmpty()) {
            replies.reply("erasure/" + erasureId, told);
        }
        LOG.infof("user erased from taxi-service: %d bookings anonymised (%d open ones cancelled), %s", bookings,
                open.size(), drivers > 0 ? "driver anonymised, " + told.size() + " passengers told" : "not a driver");
    }
}
