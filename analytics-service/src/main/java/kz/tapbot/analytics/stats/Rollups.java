package kz.tapbot.analytics.stats;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import kz.tapbot.analytics.collect.Fact;
import kz.tapbot.analytics.workflow.Workflows;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Stores each event once (seen_event), keeps its facts in raw_event, and updates the daily rollups in
 * the same transaction, a batch of events at a time. The rollup rules are written twice on purpose, once per event
 * here and once as SQL over raw_event in {@link #rebuild}, and a test proves they give the same numbers:
 * <ul>
 *   <li>messages_in / messages_out by bot (replies with a text), ai_requests by bot;</li>
 *   <li>bookings by service:status; gmv (total price) by service:city when a booking is confirmed;</li>
 *   <li>booking_requests by service, route_requests (taxi) and city_requests (apartments) once per booking, at its
 *   first requested or confirmed event (a taxi request seated at once and an instant-book stay are announced
 *   confirmed only);</li>
 *   <li>daily_user (who wrote to which bot that day) and first_seen (each user's first day per bot).</li>
 * </ul>
 * Days are in Kazakhstan's time.
 */
@ApplicationScoped
public class Rollups {

    private static final String DAY = "(occurred_at AT TIME ZONE '%s')::date";
    /** The statuses a booking can be announced in first: it is counted as requested at the first of them. */
    private static final Set<String> OPENING = Set.of("requested", "confirmed");

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

    /**
     * Records a batch of events (one poll of a topic) in one transaction; returns how many were new, the others having
     * been recorded before (a replay, a redelivery, or the same event twice in the batch). The counters are summed
     * over the batch and written once each. Locks and rows shared with other batches (reply keys, counters, users) are
     * taken in one order, sorted, so that batches recorded at once (five topics, or two instances) wait for each other
     * but never deadlock.
     */
    @Transactional
    public int record(List<Fact> facts) {
        facts.stream().map(f -> LocalDate.ofInstant(f.occurredAt(), zone)).distinct().forEach(partitions::ensure);
        try (Connection c = dataSource.getConnection()) {
            // a message and its reply arrive on two topics, read concurrently: one after the other per reply key, so
            // the second always sees the first and the reply latency is measured once, never missed
            lockReplyKeys(c, facts);
            List<Fact> recorded = firstSeen(c, facts);
            if (recorded.isEmpty()) {
                return 0;
            }
            batch(c, "INSERT INTO analytics.raw_event (event_id, occurred_at, event_type, topic, bot, user_id, chat_id,"
                    + " service, booking_id, status, city, route, amount, reply_key, listing_id, check_in, check_out)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    recorded.stream().map(f -> Arrays.<Object>asList(f.eventId(), Timestamp.from(f.occurredAt()),
                            f.eventType(), f.topic(), f.bot(), f.userId(), f.chatId(), f.service(), f.bookingId(),
                            f.status(), f.city(), f.route(), f.amount(), f.replyKey(), f.listingId(), f.checkIn(),
                            f.checkOut())).toList());
            Set<String> newBookings = firstRequested(c, recorded);
            Map<Counter, Long> counters = new TreeMap<>(Counter.ORDER);
            Set<DailyUser> users = new TreeSet<>(DailyUser.ORDER);
            for (Fact f : recorded) {
                meters.record(f, (replyKey, topic) -> timeOf(c, replyKey, topic));
                workflows.enqueue(f);
                count(f, opensBooking(f) && newBookings.remove(f.bookingId()), counters, users);
            }
            batch(c, "INSERT INTO analytics.daily_user (day, bot, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    users.stream().map(u -> List.<Object>of(u.day(), u.bot(), u.userId())).toList());
            batch(c, "INSERT INTO analytics.first_seen (bot, user_id, day) VALUES (?, ?, ?) ON CONFLICT (bot, user_id)"
                    + " DO UPDATE SET day = LEAST(analytics.first_seen.day, excluded.day)", users.stream()
                    .map(u -> List.<Object>of(u.bot(), u.userId(), u.day())).toList());
            batch(c, "INSERT INTO analytics.daily_counter (day, metric, dimension, value) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (day, metric, dimension)"
                    + " DO UPDATE SET value = analytics.daily_counter.value + excluded.value",
                    counters.entrySet().stream().map(e -> List.<Object>of(e.getKey().day(), e.getKey().metric(),
                            e.getKey().dimension(), e.getValue())).toList());
            return recorded.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the statistics", e);
        }
    }

    /** One of the day's counters (daily_counter's key), in the order they are written. */
    private record Counter(LocalDate day, String metric, String dimension) {
        static final Comparator<Counter> ORDER = Comparator.comparing(Counter::day).thenComparing(Counter::metric)
                .thenComparing(Counter::dimension);
    }

    /** A user who wrote to a bot that day (daily_user's key, and first_seen's row), in the order they are written. */
    private record DailyUser(LocalDate day, String bot, long userId) {
        static final Comparator<DailyUser> ORDER = Comparator.comparing(DailyUser::bot)
                .thenComparingLong(DailyUser::userId).thenComparing(DailyUser::day);
    }

    /** What one new event adds (a new booking's first event: {@code opensBooking}): the rules of the class comment. */
    private void count(Fact f, boolean opensBooking, Map<Counter, Long> counters, Set<DailyUser> users) {
        LocalDate day = LocalDate.ofInstant(f.occurredAt(), zone);
        BiConsumer<String, String> plusOne = (metric, dimension) -> add(counters, day, metric, dimension, 1);
        switch (f.topic()) {
            case "bot.updates" -> {
                plusOne.accept("messages_in", f.bot());
                if (f.userId() != null && f.bot() != null) {
                    users.add(new DailyUser(day, f.bot(), f.userId()));
                }
            }
            case "bot.replies" -> {
                if ("text".equals(f.status())) {
                    plusOne.accept("messages_out", f.bot());
                }
            }
            case "ai.requests" -> plusOne.accept("ai_requests", f.bot());
            default -> {
                plusOne.accept("bookings", f.service() + ":" + f.status());
                if ("confirmed".equals(f.status()) && f.amount() != null) {
                    add(counters, day, "gmv", f.service() + ":" + f.city(), f.amount());
                }
                if (opensBooking) {
                    plusOne.accept("booking_requests", f.service());
                    plusOne.accept("taxi".equals(f.service()) ? "route_requests" : "city_requests",
                            "taxi".equals(f.service()) ? f.route() : f.city());
                }
            }
        }
    }

    private static void add(Map<Counter, Long> counters, LocalDate day, String metric, String dimension, long by) {
        if (dimension != null) {
            counters.merge(new Counter(day, metric, dimension), by, Long::sum);
        }
    }

    private static void lockReplyKeys(Connection c, List<Fact> facts) throws SQLException {
        String[] keys = facts.stream().map(Fact::replyKey).filter(Objects::nonNull).map(key -> "reply:" + key)
                .distinct().toArray(String[]::new);
        if (keys.length == 0) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(h)"
                + " FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest(?::text[]) AS k ORDER BY h) AS sorted")) {
            s.setArray(1, c.createArrayOf("text", keys));
            s.executeQuery().close();
        }
    }

    /** The facts whose events were not recorded before, each once, in the batch's order. */
    private static List<Fact> firstSeen(Connection c, List<Fact> facts) throws SQLException {
        Set<String> inserted = insertNew(c, "seen_event (event_id, occurred_at)", "event_id", facts, Fact::eventId);
        return facts.stream().filter(f -> inserted.remove(f.eventId())).toList();
    }

    /** A booking event in a status a booking can be announced in first (an update or a reply has no booking). */
    private static boolean opensBooking(Fact f) {
        return f.bookingId() != null && f.status() != null && OPENING.contains(f.status());
    }

    /**
     * The bookings whose first requested or confirmed event is among these facts: they are marked seen, and each is
     * counted as requested once, whatever comes later.
     */
    private static Set<String> firstRequested(Connection c, List<Fact> facts) throws SQLException {
        List<Fact> opening = facts.stream().filter(Rollups::opensBooking).toList();
        return opening.isEmpty() ? new HashSet<>()
                : insertNew(c, "seen_booking (booking_id, occurred_at)", "booking_id", opening, Fact::bookingId);
    }

    /**
     * Inserts each fact's key and time into {@code table} in one statement, in key order (so that batches recorded at
     * once never deadlock), each key once; returns the keys that were not there before.
     */
    private static Set<String> insertNew(Connection c, String table, String key, List<Fact> facts,
                                         Function<Fact, String> keyOf) throws SQLException {
        Set<String> inserted = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO analytics." + table
                + " SELECT DISTINCT ON (id) id, at::timestamptz FROM unnest(?::text[], ?::text[]) AS batch (id, at)"
                + " ORDER BY id, at::timestamptz ON CONFLICT DO NOTHING RETURNING " + key)) {
            s.setArray(1, c.createArrayOf("text", facts.stream().map(keyOf).toArray()));
            s.setArray(2, c.createArrayOf("text", facts.stream().map(f -> f.occurredAt().toString()).toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    inserted.add(r.getString(1));
                }
            }
        }
        return inserted;
    }

    /** The earliest time an event of this topic with this reply key was collected, if one was. */
    private static Optional<Instant> timeOf(Connection c, String replyKey, String topic) {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT min(occurred_at) FROM analytics.raw_event WHERE reply_key = ? AND topic = ?"
                        + " AND (topic = 'bot.updates' OR status = 'text') HAVING count(*) > 0")) {
            s.setString(1, replyKey);
            s.setString(2, topic);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the statistics", e);
        }
    }

    /** One statement for each row of parameters, sent together. */
    private static void batch(Connection c, String sql, List<List<Object>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (List<Object> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    s.setObject(i + 1, row.get(i));
                }
                s.addBatch();
            }
            s.executeBatch();
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
        // each booking's first requested or confirmed event (of those still kept)
        String requests = counter.replace("FROM analytics.raw_event", "FROM (SELECT DISTINCT ON (booking_id) *"
                + " FROM analytics.raw_event WHERE booking_id IS NOT NULL AND status IN ('requested', 'confirmed')"
                + " ORDER BY booking_id, occurred_at, event_id) AS first_requested");
        update(counter.formatted("bot", "count(*)", "topic = 'bot.updates'", "bot"), "messages_in", from, to);
        update(counter.formatted("bot", "count(*)", "topic = 'bot.replies' AND status = 'text'", "bot"), "messages_out", from, to);
        update(counter.formatted("bot", "count(*)", "topic = 'ai.requests'", "bot"), "ai_requests", from, to);
        update(counter.formatted("service || ':' || status", "count(*)", "service IS NOT NULL", "service || ':' || status"),
                "bookings", from, to);
        update(counter.formatted("service || ':' || city", "sum(amount)",
                "service IS NOT NULL AND status = 'confirmed' AND amount IS NOT NULL", "service || ':' || city"), "gmv",
                from, to);
        update(requests.formatted("service", "count(*)", "true", "service"), "booking_requests", from, to);
        update(requests.formatted("route", "count(*)", "service = 'taxi'", "route"), "route_requests", from, to);
        update(requests.formatted("city", "count(*)", "service = 'apartments'", "city"), "city_requests", from, to);
        update("INSERT INTO analytics.daily_user (day, bot, user_id) SELECT DISTINCT " + day + ", bot, user_id"
                + " FROM analytics.raw_event WHERE topic = 'bot.updates' AND bot IS NOT NULL AND user_id IS NOT NULL"
                + inRange, from, to);
        update("DELETE FROM analytics.first_seen");
        update("INSERT INTO analytics.first_seen (bot, user_id, day) SELECT bot, user_id, min(" + day + ")"
                + " FROM analytics.raw_event WHERE topic = 'bot.updates' AND bot IS NOT NULL AND user_id IS NOT NULL"
                + " GROUP BY bot, user_id");
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
