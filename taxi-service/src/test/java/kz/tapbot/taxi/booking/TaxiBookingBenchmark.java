package kz.tapbot.taxi.booking;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.taxi.trip.TripRepository;
import kz.tapbot.testing.AlternatingWindow;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/**
 * Benchmark 4 of docs/benchmarks.md, taxi half (run by bench/04-bookings.sh, never by the suite: its name
 * is not *Test). The service's own booking code ({@link TaxiBookings#carryOut}, one JTA transaction per
 * request as the bot.messages consumer runs it, the outbox relay running) against the database named by
 * TAPBOT_TEST_DB_URL: BENCH_ATTEMPTS passengers released at once at a trip's last seat, then
 * BENCH_WORKERS workers booking seats on their own trips for BENCH_SECONDS, counted in BENCH_SLICES slices that take
 * turns with the baseline BENCH_BASELINE_CMD (the script's pgbench). Figures go to BENCH_OUT as key=value lines.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TaxiBookingBenchmark {

    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final List<String> CITIES = List.of("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe", "Taraz",
            "Pavlodar", "Oskemen", "Semey", "Atyrau", "Kostanay", "Kyzylorda", "Oral", "Petropavl", "Aktau", "Temirtau",
            "Turkestan", "Taldykorgan", "Ekibastuz", "Kokshetau", "Zhezkazgan", "Balkhash", "Konaev");
    private static final AtomicLong IDS = new AtomicLong(5_000_000_000L + System.currentTimeMillis() % 1_000_000_000L);

    @Inject
    TaxiBookings taxi;

    @Inject
    DriverRepository drivers;

    @Inject
    TripRepository trips;

    @Inject
    AgroalDataSource dataSource;

    private final Map<String, String> figures = new TreeMap<>();
    /** The counted window, in slices that take turns with the baseline (pgbench) when BENCH_BASELINE_CMD names it. */
    private final AlternatingWindow window = new AlternatingWindow();

    @Test
    void bookings() throws Exception {
        int attempts = setting("BENCH_ATTEMPTS", 500);
        int workers = setting("BENCH_WORKERS", 20);
        int seconds = setting("BENCH_SECONDS", 20);
        int warmUp = setting("BENCH_WARMUP_SECONDS", 180);
        // as pgbench vacuums its tables before it runs: earlier runs leave dead rows (the outbox's hundreds of
        // thousands), and this machine's PostgreSQL runs with autovacuum off
        sql("VACUUM (ANALYZE) taxi.outbox, taxi.trip, taxi.booking, taxi.driver");
        sql("UPDATE taxi.booking SET status = 'cancelled' WHERE status = 'requested'");
        sql("UPDATE taxi.trip SET status = 'cancelled' WHERE status = 'published'");
        lastSeat(attempts);
        nonConflicting(workers, warmUp, seconds);
        StringBuilder out = new StringBuilder();
        figures.forEach((k, v) -> out.append("taxi.").append(k).append('=').append(v).append('\n'));
        Files.writeString(Path.of(System.getenv().getOrDefault("BENCH_OUT", "target/bench-taxi.txt")), out.toString());
        System.out.print(out);
    }

    /** Every passenger asks for the one seat left on the only trip of that route and day, at the same instant. */
    private void lastSeat(int attempts) throws Exception {
        LocalDate day = LocalDate.now(ALMATY).plusDays(3);
        long driver = driver();
        Trip trip = QuarkusTransaction.requiringNew().call(() -> taxi.publishTrip(driver, "Pavlodar", "Ekibastuz",
                LocalDateTime.of(day, LocalTime.of(9, 0)), 1, 9000).trip());
        long firstPassenger = IDS.addAndGet(attempts + 1) - attempts;
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            long passenger = firstPassenger + i;
            all.add(pool.submit(() -> {
                start.await();
                String outcome;
                try {
                    List<BotReply> replies = QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                            new TaxiAction.RequestRide("Pavlodar", "Ekibastuz", day, 1, "+77011234567"),
                            update(passenger), Language.RU));
                    // a confirmation goes to the passenger and to the driver; an open request only to the passenger
                    outcome = replies.size() == 2 ? "seated" : "request left open";
                } catch (RuntimeException e) {
                    outcome = "error " + rootCause(e);
                }
                outcomes.merge(outcome, 1, Integer::sum);
                return null;
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Future<?> f : all) {
            f.get();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        pool.shutdown();
        figures.put("last_seat.attempts", String.valueOf(attempts));
        figures.put("last_seat.winners", String.valueOf(count("SELECT count(*) FROM taxi.booking WHERE trip_id = '"
                + trip.id() + "' AND status = 'confirmed'")));
        figures.put("last_seat.seats_free_after", String.valueOf(count("SELECT seats_free FROM taxi.trip WHERE id = '"
                + trip.id() + "'")));
        figures.put("last_seat.open_requests", String.valueOf(count("SELECT count(*) FROM taxi.booking WHERE"
                + " passenger_id BETWEEN " + firstPassenger + " AND " + (firstPassenger + attempts - 1)
                + " AND status = 'requested'")));
        figures.put("last_seat.outcomes", outcomes.toString().replace('=', ':'));
        figures.put("last_seat.ms", String.valueOf(ms));
    }

    /** Each worker books one seat at a time on trips of its own route: nobody waits for anybody's rows. */
    private void nonConflicting(int workers, int warmUp, int seconds) throws Exception {
        LocalDate firstDay = LocalDate.now(ALMATY).plusDays(2);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong booked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<?>> all = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String from = CITIES.get(w % CITIES.size());
            String to = CITIES.get((w + 1 + w / CITIES.size()) % CITIES.size());
            long driver = driver();
            all.add(pool.submit(() -> {
                start.await();
                LocalDate day = firstDay;
                int seatsLeft = 0;
                while (!stop.get()) {
                    if (seatsLeft == 0) {
                        day = day.plusDays(1);
                        trips.insert(Trip.publish(driver, from, to, day.atTime(9, 0).atZone(ALMATY).toInstant(), 8, 9000));
                        seatsLeft = 8;
                    }
                    LocalDate travel = day;
                    long passenger = IDS.incrementAndGet();
                    List<BotReply> replies = window.work(() -> QuarkusTransaction.requiringNew().call(() ->
                            taxi.carryOut(new TaxiAction.RequestRide(from, to, travel, 1, "+77011234567"),
                                    update(passenger), Language.RU)));
                    seatsLeft--;
                    (replies.size() == 2 ? booked : failed).incrementAndGet();
                }
                return null;
            }));
        }
        // warm-up that is not counted (BENCH_WARMUP_SECONDS, 180): on 2 cores under this load C2 is still compiling
        // the booking path 40 s in (JFR), 60 s were too few on the slowest host, and a service books for days, so the
        // figure is its steady state
        start.countDown();
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmUp) / 2);
        // what autovacuum's analyze does in production once the tables have grown (this machine's PostgreSQL runs
        // with autovacuum off): without it the plans cached while a fresh database's tables were nearly empty stay
        // sequential scans as the tables grow (a fresh database here: 9% of pgbench, 2 scans of ~5,000 trips each
        // per booking). New statistics make PostgreSQL plan the cached statements again.
        sql("ANALYZE taxi.trip, taxi.booking, taxi.driver, taxi.outbox");
        Thread.sleep(TimeUnit.SECONDS.toMillis(warmUp) - TimeUnit.SECONDS.toMillis(warmUp) / 2);
        // each slice ends once the relay has published the slice's events (their cost is the bookings' too)
        AlternatingWindow.Counted counted = window.measure(seconds, setting("BENCH_SLICES", 4),
                AlternatingWindow.baselineCommand(), booked::get, this::outboxEmpty,
                Map.of("jvm", ProcessHandle.current().pid()), List.of("postgres"));
        stop.set(true);
        for (Future<?> f : all) {
            f.get();
        }
        pool.shutdown();
        figures.put("throughput.workers", String.valueOf(workers));
        // CPU ms per booking in the counted slices: this JVM (booking code, relay, in-process broker, JIT, GC),
        // PostgreSQL's processes, and the whole machine
        figures.putAll(counted.figures("booking"));
        figures.put("throughput.not_seated", String.valueOf(failed.get()));
    }

    private long driver() {
        long id = IDS.incrementAndGet();
        drivers.register(new Driver(id, id, "Driver " + id, "Toyota Camry", "123ABC02", "+77010000000", "ru"));
        return id;
    }

    private static BotUpdate update(long userId) {
        return new BotUpdate("taxi", userId, userId, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(userId, "P" + userId, null, null, "ru"), 1L, "confirm", null, null, null, Instant.now());
    }

    /** The innermost cause, short: what went wrong for a loser that was not simply refused. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).replaceAll("[=,:\\s]+", " ");
        return root.getClass().getSimpleName() + " (" + (message.length() > 30 ? message.substring(0, 30) : message) + ")";
    }

    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private void sql(String statement) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(statement);
        }
    }

    private boolean outboxEmpty() {
        try {
            return count("SELECT count(*) FROM (SELECT 1 FROM taxi.outbox LIMIT 1) AS any_row") == 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String query) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }
}
