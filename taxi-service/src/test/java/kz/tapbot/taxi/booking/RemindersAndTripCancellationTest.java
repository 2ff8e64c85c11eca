package kz.tapbot.taxi.booking;

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
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RemindersAndTripCancellationTest {

    @Inject
    TaxiBookings taxi;

    @Inject
    Reminders reminders;

    @Inject
    DriverRepository drivers;

    @Inject
    AgroalDataSource dataSource;

    private final long driver = 6_200_000_000L + System.currentTimeMillis() % 1_000_000;
    private final long passenger = driver + 1;

    @BeforeEach
    void quietRoute() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status IN ('requested', 'confirmed')"
                    + " AND from_city = 'Atyrau'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Atyrau'");
        }
        drivers.register(new Driver(driver, driver, "Нурлан", "Lada Vesta", "010AAA06", "+77021234567", "ru"));
    }

    private static BotUpdate from(long user) {
        return new BotUpdate("taxi", user, user, BotUpdate.Kind.MESSAGE, new BotUpdate.User(user, "Айжан", null, null, "ru"),
                1L, null, null, null, null, Instant.now());
    }

    private Trip tripLeavingIn(Duration fromNow) {
        LocalDateTime departure = LocalDateTime.ofInstant(Instant.now().plus(fromNow), ZoneId.of("Asia/Almaty"));
        return QuarkusTransaction.requiringNew().call(() -> taxi.publishTrip(driver, "Atyrau", "Aktau", departure, 3, 8000)
                .trip());
    }

    /** A request for the day of a trip leaving {@code fromNow} (in Almaty: 5 hours from 19:00 is the next day). */
    private void book(int seats, Duration fromNow) {
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(new TaxiAction.RequestRide("Atyrau", "Aktau",
                LocalDateTime.ofInstant(Instant.now().plus(fromNow), ZoneId.of("Asia/Almaty")).toLocalDate(),
                seats, "+77001112233"), from(passenger), Language.RU));
    }

    @Test
    void bothSidesAreRemindedOnceBeforeDeparture() throws Exception {
        tripLeavingIn(Duration.ofMinutes(90));
        book(1, Duration.ofMinutes(90));
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            reminders.remindAndComplete();
            reminders.remindAndComplete();
            List<ConsumerRecord<String, String>> sent = replies.await(r -> r.value().contains("Напоминание"), 2,
                    Duration.ofSeconds(20));
            assertTrue(sent.stream().anyMatch(r -> r.key().equals(String.valueOf(passenger)) && r.value().contains("+77021234567")));
            assertTrue(sent.stream().anyMatch(r -> r.key().equals(String.valueOf(driver)) && r.value().contains("+77001112233")));
            assertEquals(2, replies.drain(Duration.ofSeconds(3)).stream().filter(r -> r.value().contains("Напоминание"))
                    .count(), "a second pass reminds nobody again");
        }
    }

    @Test
    void aRequestNoTripTookIsClosedAfterItsDayAndThePassengerIsTold() throws Exception {
        QuarkusTransaction.requiringNew().run(() -> taxi.carryOut(new TaxiAction.RequestRide("Atyrau", "Oral",
                java.time.LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(1), 1, "+77001112233"), from(passenger),
                Language.RU));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET travel_date = travel_date - 3 WHERE passenger_id = " + passenger
                    + " AND to_city = 'Oral'");
        }
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES);
             TopicProbe bookingEvents = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.TAXI_BOOKINGS)) {
            reminders.remindAndComplete();
            assertTrue(replies.await(r -> r.key().equals(String.valueOf(passenger)), 1, Duration.ofSeconds(20))
                    .get(0).value().contains("машина не нашлась"));
            assertEquals(EventTypes.TAXI_BOOKING_CANCELLED,
                    TopicProbe.header(bookingEvents.await(r -> r.value().matches(".*\"passengerId\":\\s*" + passenger + "\\b.*")
                            && r.value().contains("\"cancelled\""), 1, Duration.ofSeconds(20)).get(0), "ce_type"));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT status FROM taxi.booking WHERE passenger_id = " + passenger
                     + " AND to_city = 'Oral'")) {
            row.next();
            assertEquals("cancelled", row.getString(1));
        }
    }

    @Test
    void aDriverCancellingATripCancelsEveryBookingAndTellsEachPassenger() throws Exception {
        Trip trip = tripLeavingIn(Duration.ofHours(5));
        book(2, Duration.ofHours(5));
        List<BotReply> driverTrips = QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                new TaxiAction.ShowMyTrips(), from(driver), Language.RU));
        assertTrue(driverTrips.get(0).text().contains("Айжан, 2 × 💺, +77001112233"),
                "a driver's /mytrips shows who booked: " + driverTrips.get(0).text());
        assertTrue(driverTrips.get(0).inlineKeyboard().get(0).get(0).callbackData().startsWith("canceltrip:"));
        try (TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.TAXI_BOOKINGS)) {
            List<BotReply> told = QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                    new TaxiAction.CancelTrip(trip.id()), from(driver), Language.RU));
            assertTrue(told.get(0).text().startsWith("Поездка отменена, пассажиров оповещено: 1"), told.get(0).text());
            assertEquals(passenger, told.get(1).chatId());
            assertTrue(told.get(1).text().startsWith("Водитель отменил поездку"));
            // earlier events of this booking may still be on their way from the outbox: look for the cancellation
            ConsumerRecord<String, String> cancelled = bookings.await(
                    r -> EventTypes.TAXI_BOOKING_CANCELLED.equals(TopicProbe.header(r, "ce_type"))
                            && r.value().contains(trip.id().toString()), 1, Duration.ofSeconds(20)).get(0);
            assertTrue(cancelled.value().matches(".*\"passengerId\":\\s*" + passenger + "\\b.*"));
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT count(*) FROM taxi.booking WHERE trip_id = '" + trip.id()
                     + "' AND status = 'confirmed'")) {
            row.next();
            assertEquals(0, row.getInt(1));
        }
        List<BotReply> again = QuarkusTransaction.requiringNew().call(() -> taxi.carryOut(
                new TaxiAction.CancelTrip(trip.id()), from(driver), Language.RU));
        assertTrue(again.get(0).text().startsWith("Эта поездка уже отменена"));
    }
}
