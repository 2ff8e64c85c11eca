package kz.tapbot.analytics.stats;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads the rollups: the overview of a date range, daily series, top routes and cities. */
@ApplicationScoped
public class Statistics {

    /** The metrics a daily series can be asked for. */
    public static final List<String> METRICS = List.of("messages_in", "messages_out", "ai_requests", "bookings", "gmv",
            "booking_requests", "route_requests", "city_requests", "active_users", "new_users");

    /** One day's value of a series. */
    public record Point(LocalDate day, long value) {
    }

    /** A route or a city and how often it was asked for. */
    public record Ranked(String name, long requests) {
    }

    private final AgroalDataSource dataSource;

    Statistics(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Map<String, Object> overview(LocalDate from, LocalDate to) {
        Map<String, Object> overview = new LinkedHashMap<>();
        overview.put("from", from.toString());
        overview.put("to", to.toString());
        overview.put("activeUsers", byKey("SELECT bot, count(DISTINCT user_id) FROM analytics.daily_user"
                + " WHERE day BETWEEN ? AND ? GROUP BY bot", from, to));
        overview.put("monthlyActiveUsers", byKey("SELECT bot, count(DISTINCT user_id) FROM analytics.daily_user"
                + " WHERE day BETWEEN ? AND ? GROUP BY bot", to.minusDays(29), to));
        overview.put("newUsers", byKey("SELECT bot, count(*) FROM analytics.first_seen WHERE day BETWEEN ? AND ?"
                + " GROUP BY bot", from, to));
        overview.put("messagesIn", counters("messages_in", from, to));
        overview.put("messagesOut", counters("messages_out", from, to));
        Map<String, Long> bookings = counters("bookings", from, to);
        overview.put("bookings", nested(bookings));
        Map<String, Map<String, Long>> gmv = nested(counters("gmv", from, to));
        overview.put("grossBookingValue", gmv);
        Map<String, Long> gmvTotal = new TreeMap<>();
        gmv.forEach((service, cities) -> gmvTotal.put(service, cities.values().stream().mapToLong(Long::longValue).sum()));
        overview.put("grossBookingValueTotal", gmvTotal);
        Map<String, Double> cancellation = new TreeMap<>();
        for (String service : List.of("taxi", "apartments")) {
            long confirmed = bookings.getOrDefault(service + ":confirmed", 0L);
            long cancelled = bookings.getOrDefault(service + ":cancelled", 0L);
            cancellation.put(service, confirmed == 0 ? 0.0 : Math.round(cancelled * 1000.0 / confirmed) / 1000.0);
        }
        overview.put("cancellationRate", cancellation);
        long started = single("SELECT count(DISTINCT (bot, user_id)) FROM analytics.daily_user WHERE day BETWEEN ? AND ?",
                from, to);
        // bookings made, each once: a taxi request seated at once and an instant-book stay are announced confirmed only
        long requested = counters("booking_requests", from, to).values().stream().mapToLong(Long::longValue).sum();
        long confirmedAll = bookings.getOrDefault("taxi:confirmed", 0L) + bookings.getOrDefault("apartments:confirmed", 0L);
        overview.put("funnel", Map.of("startedDialog", started, "bookingRequested", requested, "confirmed", confirmedAll));
        overview.put("replyLatencyMs", replyLatency(from, to));
        overview.put("occupancy", occupancy(from, to));
        overview.put("topRoutes", top("route_requests", from, to, 10));
        overview.put("topCities", top("city_requests", from, to, 10));
        return overview;
    }

    /** Per bot, the median and p95 time from a user's message to the bot's first text reply, in milliseconds. */
    private Map<String, Map<String, Long>> replyLatency(LocalDate from, LocalDate to) {
        String sql = "SELECT bot, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), percentile_cont(0.95) WITHIN GROUP"
                + " (ORDER BY ms) FROM (SELECT u.bot, extract(epoch FROM min(r.occurred_at) - u.occurred_at) * 1000 AS ms"
                + " FROM analytics.raw_event u JOIN analytics.raw_event r ON r.reply_key = u.reply_key"
                + " AND r.topic = 'bot.replies' AND r.status = 'text' WHERE u.topic = 'bot.updates' AND u.bot IS NOT NULL"
                + " AND (u.occurred_at AT TIME ZONE 'Asia/Almaty')::date BETWEEN ? AND ?"
                + " GROUP BY u.event_id, u.bot, u.occurred_at) answered WHERE ms >= 0 GROUP BY bot";
        Map<String, Map<String, Long>> latency = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    latency.put(r.getString(1), Map.of("median", Math.round(r.getDouble(2)), "p95", Math.round(r.getDouble(3))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
        return latency;
    }

    /**
     * How full the listings were: the nights of the range held by bookings whose latest status is confirmed,
     * over the nights the listings seen in apartment bookings overlapping the range could have been let.
     */
    private Map<String, Object> occupancy(LocalDate from, LocalDate to) {
        String sql = "WITH latest AS (SELECT DISTINCT ON (booking_id) booking_id, listing_id, status, check_in, check_out"
                + " FROM analytics.raw_event WHERE topic = 'apartment.bookings' AND listing_id IS NOT NULL"
                + " AND check_in <= ? AND check_out > ? ORDER BY booking_id, occurred_at DESC)"
                + " SELECT count(DISTINCT listing_id), coalesce(sum(CASE WHEN status = 'confirmed' THEN"
                + " GREATEST(0, LEAST(check_out, ?::date + 1) - GREATEST(check_in, ?::date)) END), 0) FROM latest";
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, to);
            s.setObject(2, from);
            s.setObject(3, to);
            s.setObject(4, from);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long listings = r.getLong(1);
                long nights = r.getLong(2);
                double rate = listings == 0 ? 0.0 : Math.round(nights * 1000.0 / (listings * days)) / 1000.0;
                return Map.of("listings", listings, "bookedNights", nights, "rate", rate);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
    }

    /** The series of a metric over the days (every day present, zero when nothing happened). */
    public List<Point> daily(String metric, String dimension, LocalDate from, LocalDate to) {
        Map<LocalDate, Long> values = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            values.put(d, 0L);
        }
        String sql = switch (metric) {
            case "active_users" -> "SELECT day, count(DISTINCT (bot, user_id)) FROM analytics.daily_user"
                    + " WHERE day BETWEEN ? AND ? AND (?::text IS NULL OR bot = ?) GROUP BY day";
            case "new_users" -> "SELECT day, count(*) FROM analytics.first_seen WHERE day BETWEEN ? AND ?"
                    + " AND (?::text IS NULL OR bot = ?) GROUP BY day";
            default -> "SELECT day, sum(value) FROM analytics.daily_counter WHERE day BETWEEN ? AND ? AND metric = '"
                    + metric + "' AND (?::text IS NULL OR dimension = ?) GROUP BY day";
        };
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, to);
            s.setString(3, dimension);
            s.setString(4, dimension);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    values.put(r.getObject(1, LocalDate.class), r.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
        List<Point> series = new ArrayList<>();
        values.forEach((day, value) -> series.add(new Point(day, value)));
        return series;
    }

    public List<Ranked> top(String metric, LocalDate from, LocalDate to, int limit) {
        List<Ranked> ranked = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT dimension, sum(value) FROM analytics.daily_counter WHERE metric = ? AND day BETWEEN ? AND ?"
                        + " GROUP BY dimension ORDER BY 2 DESC, 1 LIMIT ?")) {
            s.setString(1, metric);
            s.setObject(2, from);
            s.setObject(3, to);
            s.setInt(4, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ranked.add(new Ranked(r.getString(1), r.getLong(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
        return ranked;
    }

    private Map<String, Long> counters(String metric, LocalDate from, LocalDate to) {
        return byKey("SELECT dimension, sum(value) FROM analytics.daily_counter WHERE day BETWEEN ? AND ? AND metric = '"
                + metric + "' GROUP BY dimension", from, to);
    }

    /** "taxi:confirmed" -> {taxi: {confirmed: n}}. */
    private static Map<String, Map<String, Long>> nested(Map<String, Long> flat) {
        Map<String, Map<String, Long>> nested = new TreeMap<>();
        flat.forEach((key, value) -> {
            int colon = key.indexOf(':');
            nested.computeIfAbsent(key.substring(0, colon), k -> new TreeMap<>()).put(key.substring(colon + 1), value);
        });
        return nested;
    }

    private Map<String, Long> byKey(String sql, LocalDate from, LocalDate to) {
        Map<String, Long> result = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.put(r.getString(1), r.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
        return result;
    }

    private long single(String sql, LocalDate from, LocalDate to) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, to);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
    }
}
