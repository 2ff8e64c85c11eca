package kz.tapbot.analytics.privacy;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import kz.tapbot.platform.privacy.Pseudonyms;
import org.jboss.logging.Logger;

/**
 * Erases a user from analytics-service: their Telegram id in the raw events (as user and as chat), the users active
 * per day and the first-seen days is replaced by a keyed hash ({@link Pseudonyms}), the same for all their rows, so
 * every figure (active, new and monthly users, funnels, bookings) stays what it was and a rebuild of the rollups
 * gives it again; the n8n deliveries whose payload (the event as it was: texts, names, ids) concerns them are
 * deleted, delivered or not. Idempotent: a second run finds no row under the user's id.
 */
@ApplicationScoped
public class UserErasures {

    private static final Logger LOG = Logger.getLogger(UserErasures.class);

    private final AgroalDataSource dataSource;
    private final Pseudonyms pseudonyms;

    UserErasures(AgroalDataSource dataSource, Pseudonyms pseudonyms) {
        this.dataSource = dataSource;
        this.pseudonyms = pseudonyms;
    }

    @Transactional
    public void erase(long userId) {
        long pseudonym = pseudonyms.of(userId);
        try (Connection c = dataSource.getConnection()) {
            int events = update(c, "UPDATE analytics.raw_event SET"
                    + " user_id = CASE WHEN user_id = ? THEN ? ELSE user_id END,"
                    + " chat_id = CASE WHEN chat_id = ? THEN ? ELSE chat_id END"
                    + " WHERE user_id = ? OR chat_id = ?", userId, pseudonym, userId, pseudonym, userId, userId);
            // a user erased before under the same key (they came back) may hold a row of the pseudonym already
            update(c, "INSERT INTO analytics.daily_user (day, bot, user_id) SELECT day, bot, ? FROM analytics.daily_user"
                    + " WHERE user_id = ? ON CONFLICT DO NOTHING", pseudonym, userId);
            update(c, "DELETE FROM analytics.daily_user WHERE user_id = ?", userId);
            update(c, "INSERT INTO analytics.first_seen (bot, user_id, day) SELECT bot, ?, day FROM analytics.first_seen"
                    + " WHERE user_id = ? ON CONFLICT (bot, user_id) DO UPDATE SET day = LEAST(first_seen.day, excluded.day)",
                    pseudonym, userId);
            update(c, "DELETE FROM analytics.first_seen WHERE user_id = ?", userId);
            int deliveries = update(c, "DELETE FROM analytics.workflow_delivery WHERE ordering_key = ?"
                    + " OR payload ~ ('(^|[^0-9])' || ? || '([^0-9]|$)')", String.valueOf(userId), String.valueOf(userId));
            LOG.infof("user erased from analytics-service: %d raw events pseudonymised, %d workflow deliveries deleted",
                    events, deliveries);
        } catch (SQLException e) {
            throw new IllegalStateException("could not erase the user's analytics", e);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }
}
