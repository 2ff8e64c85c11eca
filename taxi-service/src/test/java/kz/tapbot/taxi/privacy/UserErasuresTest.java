package kz.tapbot.taxi.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.taxi.booking.TaxiBookings;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * kz.tapbot.user.erased.v1 read from user.erasures: a driver's upcoming trips are cancelled and their passengers
 * told, the driver row kept under a pseudonym with its trips following it; a passenger's bookings kept, anonymised.
 * Handling the same erasure again changes nothing.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class UserErasuresTest {

    @Inject
    TaxiBookings taxi;

    @Inject
    DriverRepository drivers;

    @Inject
    AgroalDataSource dataSource;

    private final long driver = 6_300_000_000L + System.currentTimeMillis() % 1_000_000;
    private final long passenger = driver + 1;

    private static void erase(String eventId, long user) {
        KafkaTestBroker.send(new CloudEvent(eventId, EventTypes.USER_ERASED, "/tapbot/bot-gateway", Instant.now(),
                String.valueOf(user), "{\"userId\":" + user + ",\"requestedBy\":\"operator\",\"requestedAt\":\""
                + Instant.now() + "\"}").toRecord(Topics.USER_ERASURES));
    }

    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.add(r.getString(i));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    private List<String> awaitRows(String sql, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> rows = rows(sql);
        while (rows.size() != count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            rows = rows(sql);
        }
        return rows;
    }

    @Test
    void anErasedDriversTripsAreCancelledAndAnErasedPassengersBookingsAnonymised() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status IN ('requested', 'confirmed')"
                    + " AND from_city = 'Kostanay'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Kostanay'");
        }
        drivers.register(new Driver(driver, driver, "Нурлан", "Lada Vesta", "010AAA06", "+77021234567", "ru"));
        LocalDateTime departure = LocalDateTime.now(ZoneId.of("Asia/Almaty")).plusDays(2).withHour(9).withMinute(0);
        Trip trip = QuarkusTransaction.requiringNew().call(() ->
                taxi.publishTrip(driver, "Kostanay", "Kokshetau", departure, 3, 7000).trip());
        BotUpdate from = new BotUpdate("taxi", 1, passenger, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(passenger, "Айжан", null, null, "ru"), 1L, null, null, null, null, Instant.now());
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(new TaxiAction.RequestRide("Kostanay", "Kokshetau",
                departure.toLocalDate(), 1, "+77001112233"), from, Language.RU));
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(new TaxiAction.RequestRide("Kostanay", "Oral",
                LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(3), 1, "+77001112233"), from, Language.RU));

        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            String driverErasure = UUID.randomUUID().toString();
            erase(driverErasure, driver);
            assertEquals(List.of(), awaitRows("SELECT 1 FROM taxi.driver WHERE telegram_id = " + driver, 0));
            ConsumerRecord<String, String> told = replies.await(r -> r.key().equals(String.valueOf(passenger)), 1,
                    Duration.ofSeconds(20)).get(0);
            assertTrue(told.value().contains("Водитель отменил поездку"), told.value());

            List<String> kept = rows("SELECT t.status, t.driver_id < 0, d.name, d.phone, d.plate, d.erased_at IS NOT NULL"
                    + " FROM taxi.trip t JOIN taxi.driver d ON d.telegram_id = t.driver_id WHERE t.id = '" + trip.id() + "'");
            assertEquals(List.of("cancelled|t|—|—|—|t"), kept, "the trip keeps its driver, under a pseudonym");

            erase(UUID.randomUUID().toString(), passenger);
            List<String> bookings = awaitRows("SELECT status, passenger_id < 0, passenger_name IS NULL,"
                    + " passenger_phone IS NULL, to_city FROM taxi.booking WHERE from_city = 'Kostanay' AND created_at"
                    + " > now() - interval '5 minutes' AND passenger_id < 0 ORDER BY to_city", 2);
            assertEquals(List.of("cancelled|t|t|t|Kokshetau", "cancelled|t|t|t|Oral"), bookings,
                    "the seat's booking was cancelled with the trip; the open request cancelled as nobody could be told");
            assertEquals(List.of(), rows("SELECT 1 FROM taxi.booking WHERE passenger_id = " + passenger
                    + " OR passenger_chat_id = " + passenger));

            // the same erasure again: nothing more is cancelled, nobody told again
            erase(driverErasure, driver);
            erase(UUID.randomUUID().toString(), passenger);
            assertEquals(1, replies.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> r.key().equals(String.valueOf(passenger))).count());
            assertEquals(List.of("cancelled|t|t|t|Kokshetau", "cancelled|t|t|t|Oral"), rows("SELECT status,"
                    + " passenger_id < 0, passenger_name IS NULL, passenger_phone IS NULL, to_city FROM taxi.booking"
                    + " WHERE from_city = 'Kostanay' AND created_at > now() - interval '5 minutes' AND passenger_id < 0"
                    + " ORDER BY to_city"));
        }
    }
}
