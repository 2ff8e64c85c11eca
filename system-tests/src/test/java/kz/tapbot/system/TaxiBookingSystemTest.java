package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A whole taxi booking through the Telegram webhook, with the Bot API stub in Telegram's place: a
 * driver registers and publishes a trip, a passenger books two seats by buttons, both are told,
 * taxi.bookings carries requested then confirmed, the operator API shows it; the passenger cancels
 * and the seats are free again.
 */
class TaxiBookingSystemTest {


    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private final long driver = 700_000_000L + System.currentTimeMillis() % 100_000_000L;
    private final long passenger = driver + 1;
    private final LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(1);

    private final TelegramChats chats = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"),
            TapBotSystem.TAXI_SECRET, Map.of(driver, "Ерлан", passenger, "Асель"));

    private Call write(long chat, String text) throws Exception {
        return chats.write(chat, text);
    }

    private Call press(long chat, String data) throws Exception {
        return chats.press(chat, data);
    }

    private Call shareContact(long chat, String phone) throws Exception {
        return chats.shareContact(chat, phone);
    }

    private static String callbackData(Call call, String prefix) {
        return TelegramChats.callbackData(call, prefix);
    }

    private JsonNode api(String method, String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(system.taxi.url(path)))
                .header("Authorization", "Bearer tapbot-local-admin");
        request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    private void closeLeftoversOnTheRoute() throws Exception {
        String url = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
        try (Connection c = DriverManager.getConnection(url, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status = 'requested' AND from_city = 'Karaganda'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Karaganda'");
        }
    }

    @Test
    void aDriverPublishesATripAPassengerBooksTwoSeatsByButtonsAndCancels() throws Exception {
        closeLeftoversOnTheRoute();
        // the driver registers and publishes a trip Karaganda -> Temirtau tomorrow 10:00, 4 seats
        assertTrue(write(driver, "/driver").text().contains("Как вас зовут"));
        write(driver, "Ерлан");
        write(driver, "Kia Rio");
        write(driver, "555KZA09");
        assertTrue(shareContact(driver, "+7 702 111 22 33").text().startsWith("Готово, Ерлан!"));
        Call askFrom = write(driver, "/newtrip");
        press(driver, "city:Karaganda");
        write(driver, "Темиртау");
        Call askTime = press(driver, "date:" + tomorrow);
        assertTrue(askTime.text().contains("Во сколько"), askTime.text());
        press(driver, "time:10:00");
        Call askPrice = press(driver, "seats:4");
        Call tripSummary = press(driver, callbackData(askPrice, "price:"));
        assertTrue(tripSummary.text().contains("Караганда → Темиртау"), tripSummary.text());
        assertTrue(press(driver, "confirm").text().startsWith("Поездка опубликована"));
        assertTrue(askFrom.text().startsWith("Откуда"));

        try (TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.TAXI_BOOKINGS)) {
            // the passenger books two seats by buttons
            write(passenger, "/book");
            press(passenger, "city:Karaganda");
            press(passenger, "city:Temirtau");
            press(passenger, "date:" + tomorrow);
            Call askPhone = press(passenger, "seats:2");
            assertTrue(askPhone.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean());
            Call summary = shareContact(passenger, "87015556677");
            assertTrue(summary.text().contains("Мест: 2"), summary.text());
            Call booked = press(passenger, "confirm");
            assertTrue(booked.text().startsWith("Место забронировано!"), booked.text());
            assertTrue(booked.text().contains("Ерлан") && booked.text().contains("555KZA09")
                    && booked.text().contains("+77021112233"), booked.text());
            Call toDriver = TELEGRAM.awaitCalls(c -> c.chatId() == driver && c.delivered() && c.text() != null
                    && c.text().startsWith("Новый пассажир"), 1, Duration.ofSeconds(30)).get(0);
            assertTrue(toDriver.text().contains("Асель") && toDriver.text().contains("+77015556677"), toDriver.text());

            // seated at once: announced once, confirmed
            List<ConsumerRecord<String, String>> changes = bookings.await(r -> true, 1, Duration.ofSeconds(30));
            assertEquals(EventTypes.TAXI_BOOKING_CONFIRMED, TopicProbe.header(changes.get(0), "ce_type"));
            assertEquals(1, bookings.drain(Duration.ofSeconds(2)).size(), "one event for the booking");
        }

        JsonNode shown = api("GET", "/api/bookings?telegramId=" + passenger).get(0);
        assertEquals("confirmed", shown.get("status").asText());
        assertEquals(2, shown.get("seats").asInt());
        String tripId = shown.get("tripId").asText();
        assertEquals(2, seatsFree(tripId));

        // the passenger cancels from /mytrips
        Call myTrips = write(passenger, "/mytrips");
        Call cancelled = press(passenger, callbackData(myTrips, "cancel:"));
        assertTrue(cancelled.text().startsWith("Бронь отменена"), cancelled.text());
        TELEGRAM.awaitCalls(c -> c.chatId() == driver && c.delivered() && c.text() != null
                && c.text().startsWith("Пассажир Асель отменил"), 1, Duration.ofSeconds(30));
        assertEquals("cancelled", api("GET", "/api/bookings?telegramId=" + passenger).get(0).get("status").asText());
        assertEquals(4, seatsFree(tripId));
    }

    private int seatsFree(String tripId) throws Exception {
        for (JsonNode trip : api("GET", "/api/trips")) {
            if (trip.get("id").asText().equals(tripId)) {
                return trip.get("seatsFree").asInt();
            }
        }
        throw new AssertionError("trip " + tripId + " not listed");
    }
}
