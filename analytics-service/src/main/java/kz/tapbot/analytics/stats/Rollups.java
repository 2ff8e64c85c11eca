package kz.tapbot.analytics.stats;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import kz.tapbot.analytics.collect.Fact;
import kz.tapbot.analytics.workflow.Workflows;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores each event once (seen_event), keeps its facts in raw_event, and updates the daily rollups in
 * the same transaction. The rollup rules are written twice on purpose, once per event here and once as
 * SQL over raw_event in {@link #rebuild}, and a test proves they give the same numbers:
 * <ul>
 *   <li>messages_in / messages_out by bot (replies with a text), ai_requests by bot;</li>
 *   <li>bookings by service:status; gmv (total price) by service:city when a booking is confirmed;</li>
 *   <li>route_requests (taxi) and city_requests (apartments) when a booking is requested;</li>
 *   <li>daily_user (who wrote to which bot that day) and first_seen (each user's first day per bot).</li>
 * </ul>
 * Days are in Kazakhstan's time.
 */
@ApplicationScoped
public class Rollups {

    private static final String DAY = "(occurred_at AT TIME ZONE '%s')::date";

    private final AgroalDataSource dataSource;
    private final Partitions partitions;
    private final ZoneId zone;
    private final Meters meters;
    private final Workflows workflows;

    Rollups(AgroalDataSource dataSource, Partitions partitions,
            @ConfigProperty(name = "tapbot.analytics.zone", defaultValue = "Asia/Almaty") ZoneId zone, Meters meters,
            Workflows workflows) {
        this.workflows = workflows;
        this.dataSource = dataSource;
        this.partitions = partitions;
        this.zone = zone;
        this.meters = meters;
    }

    /** The earliest time an event of this topic with this reply key was collected, if one was. */
    private java.util.Optional<java.time.Instant> timeOf(String replyKey, String topic) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT min(occurred_at) FROM analytics.raw_event WHERE reply_key = ? AND topic = ?"
                        + " AND (topic = 'bot.updates' OR status = 'text') HAVING count(*) > 0")) {
            s.setString(1, replyKey);
            s.setString(2, topic);
            try (java.sql.ResultSet r = s.executeQuery()) {
                return r.next() ? java.util.Optional.of(r.getTimestamp(1).toInstant()) : java.util.Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
    }

    private void lock(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            s.setString(1, key);
            s.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException("could not lock " + key, e);
        }
    }

    /** Records one event; false when it was recorded before (a replay or a redelivery). */
    @Transactional
    public boolean record(Fact f) {
        LocalDate day = LocalDate.ofInstant(f.occurredAt(), zone);
        partitions.ensure(day);
        if (f.replyKey() != null) {
            // a message and its reply arrive on two topics, read concurrently: one after the other per reply key, so
            // the second always sees the first and the reply latency is measured once, never missed
            lock("reply:" + f.replyKey());
        }
        if (update("INSERT INTO analytics.seen_event (event_id, occurred_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                f.eventId(), Timestamp.from(f.occurredAt())) == 0) {
            return false;
        }
        update("INSERT INTO analytics.raw_event (event_id, occurred_at, event_type, topic, bot, user_id, chat_id, service,"
                + " booking_id, status, city, route, amount, reply_key, listing_id, check_in, check_out)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.eventId(), Timestamp.from(f.occurredAt()), f.eventType(), f.topic(), f.bot(), f.userId(), f.chatId(),
                f.service(), f.bookingId(), f.status(), f.city(), f.route(), f.amount(), f.replyKey(), f.listingId(),
                f.checkIn(), f.checkOut());
        meters.record(f, this::timeOf);
        workflows.enqueue(f);
        switch (f.topic()) {
            case "bot.updates" -> {
                count(day, "messages_in", f.bot(), 1);
                if (f.userId() != null && f.bot() != null) {
                    update("INSERT INTO analytics.daily_user (day, bot, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                            day, f.bot(), f.userId());
                    update("INSERT INTO analytics.first_seen (bot, user_id, day) VALUES (?, ?, ?) ON CONFLICT (bot, user_id)"
                            + " DO UPDATE SET day = LEAST(analytics.first_seen.day, excluded.day)", f.bot(), f.userId(), day);
                }
            }
            case "bot.replies" -> {
                if ("text".equals(f.status())) {
                    count(day, "messages_out", f.bot(), 1);
                }
            }
            case "ai.requests" -> count(day, "ai_requests", f.bot(), 1);
            default -> booking(day, f);
        }
        return true;
    }

    private void booking(LocalDate day, Fact f) {
        count(day, "bookings", f.service() + ":" + f.status(), 1);
        if ("confirmed".equals(f.status()) && f.amount() != null) {
            count(day, "gmv", f.service() + ":" + f.city(), f.amount());
        }
        if ("requested".equals(f.status())) {
            if ("taxi".equals(f.service())) {
                count(day, "route_requests", f.route(), 1);
            } else {
                count(day, "city_requests", f.city(), 1);
            }
        }
    }

    /** Recomputes the rollups of the days from..to (inclusive) from raw_event; the same numbers as recorded. */
    @Transactional
    public void rebuild(LocalDate from, LocalDate to) {
        String day = DAY.formatted(zone.getId());
        String inRange = " AND " + day + " BETWEEN ? AND ?";
        update("DELETE FROM analytics.daily_counter WHERE day BETWEEN ? AND ?", from, to);
        update("DELETE FROM analytics.daily_user WHERE day BETWEEN ? AND ?", from, to);
        String counter = "INSERT INTO analytics.daily_counter (day, metric, dimension, value) SELECT " + day + ", ?, %s, %s"
                + " FROM analytics.raw_event WHERE %s" + inRange + " GROUP BY 1, 3 HAVING %s IS NOT NULL";
        update(counter.formatted("bot", "count(*)", "topic = 'bot.updates'", "bot"), "messages_in", from, to);
        update(counter.formatted("bot", "count(*)", "topic = 'bot.replies' AND status = 'text'", "bot"), "messages_out", from, to);
        update(counter.formatted("bot", "count(*)", "topic = 'ai.requests'", "bot"), "ai_requests", from, to);
        update(counter.formatted("service || ':' || status", "count(*)", "service IS NOT NULL", "service || ':' || status"),
                "bookings", from, to);
        update(counter.formatted("service || ':' || city", "sum(amount)",
                "service IS NOT NULL AND status = 'confirmed' AND amount IS NOT NULL", "service || ':' || city"), "gmv",
                from, to);
        update(counter.formatted("route", "count(*)", "service = 'taxi' AND status = 'requested'", "route"),
                "route_requests", from, to);
        update(counter.formatted("city", "count(*)", "service = 'apartments' AND status = 'requested'", "city"),
                "city_requests", from, to);
        update("INSERT INTO analytics.daily_user (day, bot, user_id) SELECT DISTINCT " + day + ", bot, user_id"
                + " FROM analytics.raw_event WHERE topic = 'bot.updates' AND bot IS NOT NULL AND user_id IS NOT NULL"
                + inRange, from, to);
        update("DELETE FROM analytics.first_seen");
        update("INSERT INTO analytics.first_seen (bot, user_id, day) SELECT bot, user_id, min(" + day + ")"
                + " FROM analytics.raw_event WHERE topic = 'bot.updates' AND bot IS NOT NULL AND user_id IS NOT NULL"
                + " GROUP BY bot, user_id");
    }

    private void count(LocalDate day, String metric, String dimension, long by) {
        if (dimension == null) {
            return;
        }
        update("INSERT INTO analytics.daily_counter (day, metric, dimension, value) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (day, metric, dimension) DO UPDATE SET value = analytics.daily_counter.value + excluded.value",
                day, metric, dimension, by);
    }

    private int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the statistics", e);
        }
    }
}
