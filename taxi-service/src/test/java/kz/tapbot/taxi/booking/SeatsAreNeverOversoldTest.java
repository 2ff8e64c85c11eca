package kz.tapbot.taxi.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** Many people at once against the real database: the last seats and a request each have one winner. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SeatsAreNeverOversoldTest {

    private static final AtomicLong IDS = new AtomicLong(3_000_000_000L + System.currentTimeMillis() % 100_000_000L);
    private static final int ATTEMPTS = 60;

    @Inject
    TaxiBookings taxi;

    @Inject
    DriverRepository drivers;

    @Inject
    AgroalDataSource dataSource;

    private final LocalDate day = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(3);

    /** Open requests and trips left on these routes by earlier runs would take the seats first. */
    @org.junit.jupiter.api.BeforeEach
    void closeLeftoverRequests() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status = 'requested'"
                    + " AND from_city IN ('Pavlodar', 'Kostanay')");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city IN ('Pavlodar', 'Kostanay')");
        }
    }

    private long driver() {
        long id = IDS.incrementAndGet();
        drivers.register(new Driver(id, id, "Driver " + id, "Toyota Camry", "123ABC02", "+77010000000", "ru"));
        return id;
    }

    private Trip trip(long driver, String from, String to, int seats) {
        return QuarkusTransaction.requiringNew().call(() -> taxi.publishTrip(driver, from, to,
                LocalDateTime.of(day, java.time.LocalTime.of(9, 0)), seats, 9000).trip());
    }

    private static BotUpdate updateFrom(long userId) {
        return new BotUpdate("taxi", userId, userId, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(userId, "P" + userId, null, null, "ru"), 1L, "confirm", null, null, null, Instant.now());
    }

    private <T> List<T> atOnce(int count, java.util.function.IntFunction<Callable<T>> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<T> work = attempt.apply(i);
            futures.add(pool.submit(() -> {
                start.await();
                return work.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get());
        }
        pool.shutdown();
        return results;
    }

    @Test
    void sixtyPassengersAtOnceForThreeSeatsGiveThreeBookingsAndFiftySevenOpenRequests() throws Exception {
        Trip trip = trip(driver(), "Pavlodar", "Ekibastuz", 3);
        long firstPassenger = IDS.addAndGet(ATTEMPTS + 1) - ATTEMPTS;
        atOnce(ATTEMPTS, i -> () -> QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                new TaxiAction.RequestRide("Pavlodar", "Ekibastuz", day, 1, "+77011234567"),
                updateFrom(firstPassenger + i), Language.RU)));

        assertEquals(3, count("SELECT count(*) FROM taxi.booking WHERE trip_id = '" + trip.id() + "' AND status = 'confirmed'"));
        assertEquals(ATTEMPTS - 3, count("SELECT count(*) FROM taxi.booking WHERE passenger_id BETWEEN " + firstPassenger
                + " AND " + (firstPassenger + ATTEMPTS) + " AND status = 'requested'"));
        assertEquals(0, count("SELECT seats_free FROM taxi.trip WHERE id = '" + trip.id() + "'"));
    }

    @Test
    void passengersWhoLoseTheEarliestTripsLastSeatAreSeatedOnTheNextTripOfTheDay() throws Exception {
        long driver = driver();
        Trip early = trip(driver, "Pavlodar", "Ekibastuz", 1);
        Trip later = QuarkusTransaction.requiringNew().call(() -> taxi.publishTrip(driver, "Pavlodar", "Ekibastuz",
                LocalDateTime.of(day, java.time.LocalTime.of(11, 0)), 7, 9000).trip());
        long firstPassenger = IDS.addAndGet(9) - 8;
        atOnce(8, i -> () -> QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                new TaxiAction.RequestRide("Pavlodar", "Ekibastuz", day, 1, "+77011234567"),
                updateFrom(firstPassenger + i), Language.RU)));

        assertEquals(1, count("SELECT count(*) FROM taxi.booking WHERE trip_id = '" + early.id() + "'"));
        assertEquals(7, count("SELECT count(*) FROM taxi.booking WHERE trip_id = '" + later.id() + "'"));
        assertEquals(0, count("SELECT count(*) FROM taxi.booking WHERE passenger_id BETWEEN " + firstPassenger
                + " AND " + (firstPassenger + 7) + " AND status = 'requested'"), "nobody is left waiting");
        assertEquals(0, count("SELECT sum(seats_free) FROM taxi.trip WHERE id IN ('" + early.id() + "', '"
                + later.id() + "')"));
    }

    @Test
    void tenDriversAcceptingOneRequestAtOnceGiveOneWinner() throws Exception {
        long passenger = IDS.incrementAndGet();
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(
                new TaxiAction.RequestRide("Kostanay", "Kokshetau", day, 2, "+77011234567"), updateFrom(passenger),
                Language.RU));
        long bookingCount = count("SELECT count(*) FROM taxi.booking WHERE passenger_id = " + passenger
                + " AND status = 'requested'");
        assertEquals(1, bookingCount, "no trip yet: the request is open");
        String bookingId = text("SELECT id::text FROM taxi.booking WHERE passenger_id = " + passenger);
        List<Long> driverIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long driver = driver();
            driverIds.add(driver);
            // publish without seating the open request: the drivers will race to accept it
            QuarkusTransaction.requiringNew().run(() -> insertTrip(driver, "Kostanay", "Kokshetau", 4));
        }
        List<kz.tapbot.events.BotReply> requests = QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                new TaxiAction.ShowRequests(), updateFrom(driverIds.get(0)), Language.RU));
        assertEquals("accept:" + bookingId, requests.get(0).inlineKeyboard().get(0).get(0).callbackData(),
                "drivers on the route see the open request");
        List<List<kz.tapbot.events.BotReply>> answers = atOnce(10, i -> () -> QuarkusTransaction.requiringNew().call(
                () -> taxi.carryOut(new TaxiAction.AcceptRequest(java.util.UUID.fromString(bookingId)),
                        updateFrom(driverIds.get(i)), Language.RU)));
        assertEquals(9, answers.stream().filter(a -> a.get(0).text().startsWith("Эту заявку уже взял")).count(),
                "the losers are told the request is taken");

        assertEquals(1, count("SELECT count(*) FROM taxi.booking WHERE id = '" + bookingId + "' AND status = 'confirmed'"));
        assertEquals(10 * 4 - 2, count("SELECT sum(seats_free) FROM taxi.trip WHERE from_city = 'Kostanay'"
                + " AND driver_id BETWEEN " + driverIds.get(0) + " AND " + driverIds.get(9)),
                "only the winner's two seats are taken; every loser gave its seats back");
    }

    private void insertTrip(long driver, String from, String to, int seats) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO taxi.trip (id, driver_id, from_city, to_city, departure_at, seats_total,"
                    + " seats_free, price_per_seat) VALUES (gen_random_uuid(), " + driver + ", '" + from + "', '" + to
                    + "', '" + day + " 09:00:00+05', " + seats + ", " + seats + ", 9000)");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql) throws Exception {
        return Long.parseLong(text(sql));
    }

    private String text(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
