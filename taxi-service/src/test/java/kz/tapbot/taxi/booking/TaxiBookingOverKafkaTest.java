package kz.tapbot.taxi.booking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A passenger books by free text over bot.messages; the booking is announced once on taxi.bookings. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TaxiBookingOverKafkaTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";

    @Inject
    ObjectMapper json;

    @Inject
    DriverRepository drivers;

    @Inject
    AgroalDataSource dataSource;

    private final EventSchemas schemas = new EventSchemas();

    private CloudEvent message(long chat, String text, BotUpdate.Callback press) throws Exception {
        BotUpdate update = new BotUpdate("taxi", System.nanoTime(), chat,
                press == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, "Aruzhan", null, null, "ru"), 1L, text, press, null, null, Instant.now());
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru", Map.of())));
    }

    @Test
    void aFreeTextBookingIsConfirmedOnAPublishedTripAndAnnouncedOnce() throws Exception {
        long driver = 5_100_000_000L + System.currentTimeMillis() % 1_000_000;
        long passenger = driver + 1;
        LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(1);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status = 'requested' AND from_city = 'Taraz'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Taraz'");
        }
        drivers.register(new Driver(driver, driver, "Серик", "Hyundai Accent", "777AAA08", "+77075556677", "kk"));
        String tripId = given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("driverTelegramId", driver, "fromCity", "Тараз", "toCity", "Шымкент",
                        "departure", tomorrow + "T08:30:00", "seats", 4, "pricePerSeat", 4000))
                .post("/api/trips").then().statusCode(201).extract().path("id");

        try (TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.TAXI_BOOKINGS);
             TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            KafkaTestBroker.send(message(passenger, "из Тараза в Шымкент завтра, 2 места", null).toRecord(Topics.BOT_MESSAGES));
            KafkaTestBroker.send(message(passenger, "+7 701 999 88 77", null).toRecord(Topics.BOT_MESSAGES));
            CloudEvent confirm = message(passenger, null, new BotUpdate.Callback("cb-ok", "confirm", 3L));
            KafkaTestBroker.send(confirm.toRecord(Topics.BOT_MESSAGES));
            KafkaTestBroker.send(confirm.toRecord(Topics.BOT_MESSAGES));

            // seated at once: the booking is announced once, confirmed (no requested event before it)
            ConsumerRecord<String, String> change = bookings.await(r -> true, 1, Duration.ofSeconds(30)).get(0);
            assertEquals(EventTypes.TAXI_BOOKING_CONFIRMED, TopicProbe.header(change, "ce_type"));
            schemas.assertValid(TopicProbe.header(change, "ce_type"), change.value());
            assertTrue(!change.value().contains("+7"), "no phone number in events");
            JsonNode confirmed = json.readTree(change.value());
            assertEquals(tripId, confirmed.get("tripId").asText());
            assertEquals(8000, confirmed.get("totalPrice").asLong());
            assertEquals(change.key(), confirmed.get("bookingId").asText());

            List<ConsumerRecord<String, String>> toDriver = replies.await(r -> r.key().equals(String.valueOf(driver)), 1,
                    Duration.ofSeconds(20));
            assertTrue(toDriver.get(0).value().contains("+77019998877"), "the driver gets the passenger's phone");
            List<ConsumerRecord<String, String>> toPassenger = replies.await(
                    r -> r.key().equals(String.valueOf(passenger)) && r.value().contains("777AAA08"), 1, Duration.ofSeconds(20));
            assertTrue(toPassenger.get(0).value().contains("+77075556677"), "the passenger gets the driver's phone");

            assertEquals(1, bookings.drain(Duration.ofSeconds(3)).size(), "the redelivered confirm changed nothing");
        }
        String bookingId = given().header("Authorization", TOKEN).queryParam("telegramId", passenger)
                .get("/api/bookings").then().statusCode(200).body("[0].status", equalTo("confirmed"))
                .body("[0].passengerPhone", equalTo("+7701***8877")).extract().path("[0].id");
        given().header("Authorization", TOKEN).get("/api/trips").then().statusCode(200);
        given().header("Authorization", TOKEN).post("/api/bookings/" + bookingId + "/cancel").then().statusCode(200)
                .body("status", equalTo("cancelled"));
        given().header("Authorization", TOKEN).post("/api/bookings/" + bookingId + "/cancel").then().statusCode(409);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             var row = s.executeQuery("SELECT seats_free FROM taxi.trip WHERE id = '" + tripId + "'")) {
            row.next();
            assertEquals(4, row.getInt(1), "cancelling freed the seats at once");
        }
    }

    @Test
    void theOperatorApiWantsTheTokenAndExplainsBadInput() {
        given().get("/api/trips").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").get("/api/requests").then().statusCode(401);
        given().header("Authorization", TOKEN).get("/api/requests").then().statusCode(200);
        given().header("Authorization", TOKEN).get("/api/bookings/not-a-uuid").then().statusCode(400);
        given().header("Authorization", TOKEN).get("/api/bookings/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", TOKEN).get("/api/bookings").then().statusCode(400);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("driverTelegramId", 1, "fromCity", "Москва", "toCity", "Астана",
                        "departure", "2030-01-01T10:00:00", "seats", 3, "pricePerSeat", 5000))
                .post("/api/trips").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("unknown city"));
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("driverTelegramId", 1, "fromCity", "Алматы", "toCity", "Астана",
                        "departure", "2030-01-01T10:00:00", "seats", 3, "pricePerSeat", 5000))
                .post("/api/trips").then().statusCode(422);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("driverTelegramId", 1, "fromCity", "Алматы", "toCity", "Астана",
                        "departure", "2020-01-01T10:00:00", "seats", 3, "pricePerSeat", 5000))
                .post("/api/trips").then().statusCode(400).body("detail", equalTo("departure is in the past"));
    }
}
