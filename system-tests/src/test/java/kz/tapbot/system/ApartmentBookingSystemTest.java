package kz.tapbot.system;

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
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A whole apartment booking through the Telegram webhook, gateway, ai-service and apartment-service,
 * with the Bot API stub in Telegram's place: a landlord adds a listing by chatting, a guest searches
 * with wishes and gets it first among fitting results (as a photo card), books it, the landlord
 * confirms from the notification, the guest sees it in /mybookings and cancels; meanwhile a second
 * guest's overlapping request is refused.
 */
class ApartmentBookingSystemTest {

    private static final String CITY = "Petropavl";

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private final long landlord = 800_000_000L + System.currentTimeMillis() % 100_000_000L;
    private final long guest = landlord + 1;
    private final long secondGuest = landlord + 2;

    private final TelegramChats chats = new TelegramChats(system.webhookGateway.url("/telegram/apartments/webhook"),
            TapBotSystem.APARTMENTS_SECRET, Map.of(landlord, "Ерлан", guest, "Асель", secondGuest, "Дана"));

    private Call write(long chat, String text) throws Exception {
        return chats.write(chat, text);
    }

    private Call press(long chat, String data) throws Exception {
        return chats.press(chat, data);
    }

    private Call notified(long chat, String startsWith) {
        return chats.notified(chat, startsWith);
    }

    private void archiveEarlierListingsInTheCity() throws Exception {
        String url = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
        try (Connection c = DriverManager.getConnection(url, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = '" + CITY + "'");
        }
    }

    private void importNeighbours() throws Exception {
        String batch = """
                [{"externalId": "sys-%1$s-1", "title": "Студия у вокзала", "city": "Petropavl", "district": "Центр",
                  "address": "Привокзальная 2", "lat": 54.86, "lon": 69.14, "rooms": 1, "maxGuests": 2,
                  "pricePerNight": 9000, "amenities": ["wifi"], "description": "Шумная улица у вокзала, без балкона",
                  "instantBook": true, "photos": []},
                 {"externalId": "sys-%1$s-2", "title": "Квартира у рынка", "city": "Petropavl", "district": "Рынок",
                  "address": "Конституции 20", "lat": 54.87, "lon": 69.15, "rooms": 2, "maxGuests": 4,
                  "pricePerNight": 14000, "amenities": ["kitchen", "parking"], "description": "Рядом рынок и остановка",
                  "instantBook": false, "photos": []}]
                """.formatted(UUID.randomUUID());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(system.apartments.url("/api/listings/import")))
                .header("Authorization", "Bearer tapbot-local-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
    }

    private void searchAsGuest(long chat, LocalDate checkIn, LocalDate checkOut) throws Exception {
        assertTrue(write(chat, "квартира в Петропавловске").text().startsWith("Дата заезда"));
        press(chat, "day:" + checkIn);
        press(chat, "day:" + checkOut);
        press(chat, "guests:2");
        press(chat, "budget:25000");
    }

    @Test
    void aLandlordAddsAListingAGuestBooksItFirstTheLandlordConfirmsAndTheGuestCancels() throws Exception {
        archiveEarlierListingsInTheCity();
        importNeighbours();
        LocalDate checkIn = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(ThreadLocalRandom.current().nextInt(30, 300));
        LocalDate checkOut = checkIn.plusDays(2);

        // the landlord adds a listing through the bot
        write(landlord, "/addlisting");
        assertTrue(write(landlord, "Петропавловск").text().startsWith("Адрес"));
        write(landlord, "Жамбыла 15, кв 7");
        assertTrue(write(landlord, "54.8731, 69.1430").text().startsWith("📍 Точка: 54.87310, 69.14300"));
        press(landlord, "rooms:2");
        press(landlord, "guests:4");
        write(landlord, "17 000");
        Call ticked = press(landlord, "amen:balcony");
        assertEquals("editMessageText", ticked.method(), "the checklist is edited in place");
        press(landlord, "amen:pets");
        press(landlord, "amen:done");
        write(landlord, "https://photos.example.kz/petropavl/1.jpg");
        press(landlord, "photos:done");
        write(landlord, "Тихая квартира с балконом у парка, можно с собакой");
        Call askContact = press(landlord, "instant:no");
        assertTrue(askContact.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean());
        write(landlord, "+7 705 111 22 33");
        Call published = press(landlord, "publish");
        assertTrue(published.text().startsWith("Объявление опубликовано"), published.text());
        String listingId = TelegramChats.callbackData(published, "price:").substring(6);

        // a second guest looks at the same dates and keeps the card
        searchAsGuest(secondGuest, checkIn.plusDays(1), checkOut.plusDays(1));
        Call secondCard = write(secondGuest, "тихо, с балконом, можно с собакой");
        assertEquals("book:" + listingId, TelegramChats.callbackData(secondCard, "book:"));

        try (TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.APARTMENT_BOOKINGS)) {
            // the guest searches with wishes and gets it first, as a photo card
            searchAsGuest(guest, checkIn, checkOut);
            Call card = write(guest, "тихо, с балконом, можно с собакой");
            assertEquals("sendPhoto", card.method());
            assertEquals("https://photos.example.kz/petropavl/1.jpg", card.params().path("photo").asText());
            assertEquals("book:" + listingId, TelegramChats.callbackData(card, "book:"), TelegramChats.words(card));
            assertTrue(TelegramChats.words(card).startsWith("1. ") && TelegramChats.words(card).contains("34 000 ₸"), TelegramChats.words(card));
            Call summary = press(guest, "book:" + listingId);
            assertTrue(summary.text().contains("Итого: 34 000 ₸") && summary.text().contains("Отмена бесплатно"),
                    summary.text());
            assertTrue(press(guest, "bookok").text().startsWith("Запрос отправлен"));
            Call request = notified(landlord, "📩 Новый запрос");
            assertTrue(request.text().contains("Асель"), request.text());

            // meanwhile the second guest's overlapping request is refused
            assertTrue(press(secondGuest, "book:" + listingId).text().contains("только что заняли"));

            // the landlord confirms from the notification; the guest gets the address and contact
            assertTrue(press(landlord, TelegramChats.callbackData(request, "lconfirm:")).text().startsWith("Вы подтвердили"));
            Call confirmed = notified(guest, "🎉 Бронь подтверждена");
            assertTrue(confirmed.text().contains("Жамбыла 15, кв 7") && confirmed.text().contains("+77051112233"),
                    confirmed.text());

            // the guest sees it in /mybookings and cancels; the landlord is told
            Call mine = write(guest, "/mybookings");
            assertTrue(mine.text().contains("подтверждена"), mine.text());
            assertTrue(press(guest, TelegramChats.callbackData(mine, "cancel:")).text().startsWith("Бронь отменена"));
            notified(landlord, "Гость отменил бронь");

            List<ConsumerRecord<String, String>> story = bookings.await(r -> true, 3, Duration.ofSeconds(30));
            assertEquals(List.of(EventTypes.APARTMENT_BOOKING_REQUESTED, EventTypes.APARTMENT_BOOKING_CONFIRMED,
                    EventTypes.APARTMENT_BOOKING_CANCELLED), story.stream().map(r -> TopicProbe.header(r, "ce_type")).toList());
        }
    }
}
