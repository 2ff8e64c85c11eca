package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * One free-text message books as far as ai-service's parser allows: the dialogs skip every question
 * its entities already answer, in the taxi bot and in the apartment bot.
 */
class FreeTextSystemTest {

    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd.MM");

    private final TapBotSystem system = TapBotSystem.get();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final long passenger = 850_000_000L + System.currentTimeMillis() % 100_000_000L;
    private final long guest = passenger + 1;
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Almaty"));

    @Test
    void aRideAskedForInOneMessageGoesStraightToThePhoneAndIsRequested() throws Exception {
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"), TapBotSystem.TAXI_SECRET,
                Map.of(passenger, "Бекзат"));
        LocalDate day = today.plusDays(ThreadLocalRandom.current().nextInt(10, 50));
        try (TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.TAXI_BOOKINGS)) {
            Call askPhone = taxi.write(passenger, "нужно такси из Павлодара в Экибастуз " + DAY_MONTH.format(day)
                    + ", нас трое");
            assertTrue(askPhone.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean(),
                    "route, date and seats were understood: only the phone is asked; got " + askPhone.params());
            Call summary = taxi.shareContact(passenger, "87017778899");
            assertTrue(summary.text().contains("Павлодар") && summary.text().contains("Экибастуз")
                    && summary.text().contains("Мест: 3"), summary.text());
            taxi.press(passenger, "confirm");
            ConsumerRecord<String, String> requested = bookings.await(r -> passengerOf(r) == passenger, 1,
                    Duration.ofSeconds(30)).get(0);
            assertEquals(EventTypes.TAXI_BOOKING_REQUESTED, TopicProbe.header(requested, "ce_type"));
            new EventSchemas().assertValid(EventTypes.TAXI_BOOKING_REQUESTED, requested.value());
            JsonNode change = json.readTree(requested.value());
            assertEquals("Pavlodar", change.get("fromCity").asText());
            assertEquals("Ekibastuz", change.get("toCity").asText());
            assertEquals(day.toString(), change.get("date").asText());
            assertEquals(3, change.get("seats").asInt());
        }
    }

    private long passengerOf(ConsumerRecord<String, String> record) {
        try {
            return json.readTree(record.value()).path("passengerId").asLong();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aQuestionInTheMiddleOfABookingIsAnsweredByTheAiAndTheBookingGoesOn() throws Exception {
        long asker = passenger + 2;
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"), TapBotSystem.TAXI_SECRET,
                Map.of(asker, "Ерболат"));
        taxi.write(asker, "/book");
        taxi.press(asker, "city:Almaty");
        Call askDate = taxi.press(asker, "city:Astana");
        assertTrue(askDate.text().startsWith("Когда"), askDate.text());
        Call answer = taxi.write(asker, "а можно ли с собакой?");
        assertTrue(answer.text().contains("можно с животными") || answer.text().contains("Можно с животными"),
                "the FAQ answer, from ai-service: " + answer.text());
        assertTrue(answer.text().endsWith(askDate.text()), "then the question the booking waits on: " + answer.text());
        String tomorrow = TelegramChats.callbackData(answer, "date:");
        assertTrue(taxi.press(asker, tomorrow).text().startsWith("Сколько мест"), "the booking goes on");
    }

    @Test
    void anApartmentAskedForInOneMessageIsShownAtOnceAndBooked() throws Exception {
        String url = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "tapbot", "tapbot");
             java.sql.Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = 'Oral'");
        }
        String externalId = "free-text-" + UUID.randomUUID();
        String listing = """
                [{"externalId": "%s", "title": "Уютная двушка у набережной", "city": "Oral", "district": "Центр",
                  "address": "Достык 5", "lat": 51.23, "lon": 51.37, "rooms": 2, "maxGuests": 3, "pricePerNight": 16000,
                  "amenities": ["balcony", "pets"], "description": "Тихая квартира с балконом, можно с собакой",
                  "instantBook": true, "photos": ["https://photos.example.kz/oral/1.jpg"]}]
                """.formatted(externalId);
        HttpResponse<String> imported = http.send(HttpRequest.newBuilder(URI.create(system.apartments.url("/api/listings/import")))
                .header("Authorization", "Bearer tapbot-local-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(listing)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
        String listingId = json.readTree(imported.body()).at("/ids/0").asText();

        TelegramChats apartments = new TelegramChats(system.webhookGateway.url("/telegram/apartments/webhook"),
                TapBotSystem.APARTMENTS_SECRET, Map.of(guest, "Жанар"));
        LocalDate checkIn = today.plusDays(ThreadLocalRandom.current().nextInt(60, 300));
        Call card = apartments.write(guest, "квартира в Уральске с " + DAY_MONTH.format(checkIn) + " по "
                + DAY_MONTH.format(checkIn.plusDays(2)) + " на двоих до 20 тыс, тихо, с балконом, можно с собакой");
        assertEquals("sendPhoto", card.method(), "every slot was understood: the first answer is a card");
        assertEquals("book:" + listingId, TelegramChats.callbackData(card, "book:"), TelegramChats.words(card));
        assertTrue(TelegramChats.words(card).contains("32 000 ₸"), TelegramChats.words(card));
        assertTrue(apartments.press(guest, "book:" + listingId).text().contains("Итого: 32 000 ₸"));
        Call booked = apartments.press(guest, "bookok");
        assertTrue(booked.text().startsWith("🎉 Бронь подтверждена") && booked.text().contains("Достык 5"), booked.text());
    }
}
