package kz.tapbot.taxi.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several taxi-service instances run the reminder job on the same schedule: each reminder still goes out once. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RemindersOnSeveralInstancesTest {

    private static final String FROM = "Kyzylorda";
    private static final String TO = "Turkestan";
    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");

    @Inject
    TaxiBookings taxi;

    @Inject
    Reminders reminders;

    @Inject
    DriverRepository drivers;

    @Inject
    ClusterLock cluster;

    @Inject
    AgroalDataSource dataSource;

    private final long driver = 6_300_000_000L + System.nanoTime() % 1_000_000_000L;
    private final long passenger = driver + 1;

    @BeforeEach
    void quietRoute() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status IN ('requested', 'confirmed')"
                    + " AND from_city = '" + FROM + "'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = '" + FROM + "'");
        }
        drivers.register(new Driver(driver, driver, "Нурлан", "Lada Vesta", "010AAA06", "+77021234567", "ru"));
    }

    @Test
    void twoInstancesRunningTheReminderJobAtOnceRemindEachSideOnce() throws Exception {
        LocalDateTime departure = LocalDateTime.ofInstant(Instant.now().plus(Duration.ofMinutes(90)), ALMATY);
        QuarkusTransaction.requiringNew().run(() -> taxi.publishTrip(driver, FROM, TO, departure, 3, 8000));
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(new TaxiAction.RequestRide(FROM, TO,
                departure.toLocalDate(), 1, "+77001112233"), from(passenger), Language.RU));
        assertFalse(reminded(), "due, not yet reminded");

        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            try (Connection otherInstance = dataSource.getConnection(); Statement s = otherInstance.createStatement()) {
                // a third instance is in the middle of the job: these two skip it
                s.execute("SELECT pg_advisory_lock(hashtext('" + cluster.name("reminders") + "'))");
                runOnTwoInstancesAtOnce();
                assertFalse(reminded(), "nobody reminded while another instance holds the job");
                s.execute("SELECT pg_advisory_unlock(hashtext('" + cluster.name("reminders") + "'))");
            }

            runOnTwoInstancesAtOnce();
            assertTrue(reminded());
            Set<String> ours = Set.of(String.valueOf(passenger), String.valueOf(driver));
            List<ConsumerRecord<String, String>> sent = replies.await(
                    r -> ours.contains(r.key()) && r.value().contains("Напоминание"), 2, Duration.ofSeconds(20));
            assertEquals(ours, Set.of(sent.get(0).key(), sent.get(1).key()), "one to the passenger, one to the driver");
            assertEquals(2, replies.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> ours.contains(r.key()) && r.value().contains("Напоминание")).count(), "and no more");
        }
    }

    /** Two instances' schedulers firing at the same moment. */
    private void runOnTwoInstancesAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<Void> tick = () -> {
            together.await(20, TimeUnit.SECONDS);
            reminders.remindAndComplete();
            return null;
        };
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            for (Future<Void> run : instances.invokeAll(List.of(tick, tick))) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            instances.shutdownNow();
        }
    }

    private boolean reminded() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT bool_or(reminder_sent) FROM taxi.booking WHERE passenger_id = ? AND from_city = ?")) {
            s.setLong(1, passenger);
            s.setString(2, FROM);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    private static BotUpdate from(long user) {
        return new BotUpdate("taxi", user, user, BotUpdate.Kind.MESSAGE, new BotUpdate.User(user, "Айжан", null, null, "ru"),
                1L, null, null, null, null, Instant.now());
    }
}
