package kz.tapbot.apartments.booking;

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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayOverlapsException;
import kz.tapbot.testing.AlternatingWindow;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/**
 * Benchmark 4 of docs/benchmarks.md, apartment half (run by bench/04-bookings.sh, never by the suite: its
 * name is not *Test). The service's own booking code ({@link ApartmentBookings#request}, one JTA transaction
 * per request, the calendar's exclusion constraint, the outbox relay running) against the database named by
 * TAPBOT_TEST_DB_URL: BENCH_ATTEMPTS guests released at once for the same nights of one listing, then
 * BENCH_WORKERS workers booking stays at listings of their own for BENCH_SECONDS, counted in BENCH_SLICES slices
 * that take turns with the baseline BENCH_BASELINE_CMD (the script's pgbench). Figures go to BENCH_OUT as
 * key=value lines.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApartmentBookingBenchmark {

    private static final int LISTINGS_PER_WORKER = 10;
    private static final AtomicLong GUESTS = new AtomicLong(7_000_000_000L + System.currentTimeMillis() % 1_000_000_000L);

    @Inject
    ApartmentBookings bookings;

    @Inject
    ListingRepository listings;

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
        sql("VACUUM (ANALYZE) apartments.outbox, apartments.stay, apartments.listing");
        sameNights(attempts);
        nonConflicting(workers, warmUp, seconds);
        StringBuilder out = new StringBuilder();
        figures.forEach((k, v) -> out.append("apartment.").append(k).append('=').append(v).append('\n'));
        Files.writeString(Path.of(System.getenv().getOrDefault("BENCH_OUT", "target/bench-apartment.txt")), out.toString());
        System.out.print(out);
    }

    /** Every guest asks for the same three nights of one listing at the same instant. */
    private void sameNights(int attempts) throws Exception {
        UUID listing = listing("Astana");
        Stay stay = new Stay(LocalDate.now().plusDays(30), LocalDate.now().plusDays(33));
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            long guest = GUESTS.incrementAndGet();
            all.add(pool.submit(() -> {
                start.await();
                String outcome;
                try {
                    book(listing, stay, guest);
                    outcome = "booked";
                } catch (StayOverlapsException e) {
                    outcome = "refused: nights taken";
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
        figures.put("same_nights.attempts", String.valueOf(attempts));
        figures.put("same_nights.winners", String.valueOf(count("SELECT count(*) FROM apartments.stay WHERE listing_id = '"
                + listing + "' AND status IN ('pending', 'confirmed')")));
        figures.put("same_nights.outcomes", outcomes.toString().replace('=', ':'));
        figures.put("same_nights.ms", String.valueOf(ms));
    }

    /** Each worker books two-night stays, one after the other, at ten listings of its own. */
    private void nonConflicting(int workers, int warmUp, int seconds) throws Exception {
        LocalDate firstDay = LocalDate.now().plusDays(60);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong booked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Future<?>> all = new ArrayList<>();
        List<String> cities = List.of("Almaty", "Astana", "Shymkent", "Karaganda", "Aktau");
        for (int w = 0; w < workers; w++) {
            List<UUID> own = new ArrayList<>();
            for (int i = 0; i < LISTINGS_PER_WORKER; i++) {
                own.add(listing(cities.get((w + i) % cities.size())));
            }
            all.add(pool.submit(() -> {
                start.await();
                for (int i = 0; !stop.get(); i++) {
                    LocalDate checkIn = firstDay.plusDays(2L * (i / LISTINGS_PER_WORKER));
                    try {
                        UUID listing = own.get(i % LISTINGS_PER_WORKER);
                        window.work(() -> {
                            book(listing, new Stay(checkIn, checkIn.plusDays(2)), GUESTS.incrementAndGet());
                            return null;
                        });
                        booked.incrementAndGet();
                    } catch (StayOverlapsException e) {
                        refused.incrementAndGet();
                    }
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
        // sequential scans as the tables grow (the taxi harness on a fresh database: 9% of pgbench). New statistics
        // make PostgreSQL plan the cached statements again.
        sql("ANALYZE apartments.stay, apartments.listing, apartments.outbox");
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
        figures.put("throughput.refused", String.valueOf(refused.get()));
    }

    private void book(UUID listing, Stay stay, long guest) {
        QuarkusTransaction.requiringNew().run(() -> bookings.request(listing, stay, 2, guest, guest, "Гость",
                "+77011234567", "ru"));
    }

    private UUID listing(String city) {
        UUID id = UUID.randomUUID();
        listings.insert(new Listing(id, null, 11L, 11L, "Квартира для замера", city, "Центр", "ул. Абая 1",
                51.128, 71.430, 2, 4, 18_000, List.of("wifi", "balcony"), "Тихо, с балконом", List.of(), true, 3,
                "active", null, null, null, null));
        return id;
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
            s.execute(statement);
        }
    }

    private boolean outboxEmpty() {
        try {
            return count("SELECT count(*) FROM (SELECT 1 FROM apartments.outbox LIMIT 1) AS any_row") == 0;
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
