package kz.tapbot.apartments;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.apartments.dialog.ApartmentDialog;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.HeldEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The apartment bot over Kafka, end to end inside the service: a landlord publishes a listing by
 * chatting, a guest finds it first for their wishes, books it, the landlord confirms from the
 * notification, the guest sees it in /mybookings and cancels; a second guest holding a card of the
 * same listing is refused the overlapping nights. apartment.bookings tells the story without personal data.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApartmentBotTest {

    private static final String CITY = "Kokshetau";

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    private final EventSchemas schemas = new EventSchemas();
    private final long landlord = BotChat.newChat();
    private final long guest = BotChat.newChat();
    private final long secondGuest = BotChat.newChat();

    private void archiveEarlierListingsInTheCity() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = '" + CITY + "'");
        }
    }

    private void importNeighbours() {
        String body = """
                [{"externalId": "kok-%1$s-1", "title": "Студия у вокзала", "city": "Kokshetau", "district": "Центр",
                  "address": "Вокзальная 1", "lat": 53.28, "lon": 69.39, "rooms": 1, "maxGuests": 2, "pricePerNight": 9000,
                  "amenities": ["wifi"], "description": "Шумная улица, рядом с вокзалом, без балкона", "instantBook": true,
                  "photos": []},
                 {"externalId": "kok-%1$s-2", "title": "Трёшка для семьи", "city": "Kokshetau", "district": "Боровское",
                  "address": "Ауэзова 50", "lat": 53.29, "lon": 69.40, "rooms": 3, "maxGuests": 6, "pricePerNight": 20000,
                  "amenities": ["parking", "kitchen"], "description": "Большая семейная квартира у торгового центра",
                  "instantBook": false, "photos": []}]
                """.formatted(UUID.randomUUID());
        given().auth().oauth2("tapbot-local-admin").contentType("application/json").body(body)
                .post("/api/listings/import").then().statusCode(200);
    }

    @Test
    void aLandlordPublishesAGuestFindsItFirstBooksItIsConfirmedAndCancels() throws Exception {
        archiveEarlierListingsInTheCity();
        importNeighbours();
        LocalDate checkIn = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(ThreadLocalRandom.current().nextInt(30, 300));
        LocalDate checkOut = checkIn.plusDays(3);
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES);
             TopicProbe bookings = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.APARTMENT_BOOKINGS)) {
            BotChat chat = new BotChat(json, replies);
            // the landlord adds a listing through the bot
            assertTrue(chat.say(landlord, "/addlisting").path("text").asText().contains("В каком городе"));
            assertTrue(chat.say(landlord, "Кокшетау").path("text").asText().startsWith("Адрес"));
            assertTrue(chat.say(landlord, "Абая 10, кв 5").path("text").asText().startsWith("Где это на карте"));
            assertTrue(chat.press(landlord, "loc:centre").path("text").asText().contains("Сколько комнат"));
            chat.press(landlord, "rooms:2");
            chat.press(landlord, "guests:4");
            JsonNode checklist = chat.say(landlord, "15000");
            assertTrue(BotChat.button(checklist, "amen:balcony").equals("amen:balcony"));
            assertEquals(7, chat.press(landlord, "amen:balcony").path("editMessageId").asLong());
            chat.press(landlord, "amen:pets");
            chat.press(landlord, "amen:done");
            assertTrue(chat.say(landlord, "https://photos.example.kz/kokshetau/1.jpg").path("text").asText()
                    .startsWith("Фото: 1"));
            chat.press(landlord, "photos:done");
            chat.say(landlord, "Тихая квартира с балконом, рядом с парком, можно с собакой");
            JsonNode askContact = chat.press(landlord, "instant:no");
            assertNotNull(askContact.get("contactRequest"));
            assertTrue(chat.say(landlord, "+7 701 555 44 33").path("text").asText().startsWith("Проверьте объявление"));
            JsonNode published = chat.press(landlord, "publish");
            assertTrue(published.path("text").asText().startsWith("Объявление опубликовано"), published.toString());
            String listingId = BotChat.button(published, "price:").substring(6);

            // a second guest searches first and keeps the card
            chat.say(secondGuest, "квартира в Кокшетау");
            chat.press(secondGuest, "day:" + checkIn);
            chat.press(secondGuest, "day:" + checkOut.minusDays(1));
            chat.press(secondGuest, "guests:2");
            chat.press(secondGuest, "budget:any");
            JsonNode secondCard = chat.say(secondGuest, "тихо, с балконом, можно с собакой");
            assertEquals("book:" + listingId, BotChat.button(secondCard, "book:"), "the second guest sees it too");

            // the guest searches with wishes and gets it first among the fitting results
            assertTrue(chat.say(guest, "квартира в Кокшетау").path("text").asText().startsWith("Дата заезда"));
            chat.press(guest, "day:" + checkIn);
            chat.press(guest, "day:" + checkOut);
            chat.press(guest, "guests:2");
            chat.press(guest, "budget:25000");
            JsonNode card = chat.say(guest, "тихо, с балконом, можно с собакой");
            assertEquals("book:" + listingId, BotChat.button(card, "book:"), card.toString());
            assertEquals("https://photos.example.kz/kokshetau/1.jpg", card.path("photo").asText());
            assertTrue(card.path("text").asText().contains("45 000 ₸"), card.toString());
            assertTrue(card.path("text").asText().contains("Балкон"), card.toString());
            assertTrue(!card.path("text").asText().contains("Абая"), "no address before confirmation");
            JsonNode summary = chat.press(guest, "book:" + listingId);
            assertTrue(summary.path("text").asText().contains("Итого: 45 000 ₸"), summary.toString());
            assertTrue(summary.path("text").asText().contains("Правила дома"));
            assertTrue(summary.path("text").asText().contains("Отмена бесплатно"));
            assertTrue(chat.press(guest, "bookok").path("text").asText().startsWith("Запрос отправлен"));
            JsonNode request = chat.notified(landlord, "📩 Новый запрос");
            String confirm = BotChat.button(request, "lconfirm:");
            String bookingId = confirm.substring(9);

            // meanwhile the second guest's overlapping request is refused
            JsonNode refused = chat.press(secondGuest, "book:" + listingId);
            assertTrue(refused.path("text").asText().contains("только что заняли"), refused.toString());

            // the landlord confirms from the notification's button; the guest gets the address and contact
            assertTrue(chat.press(landlord, confirm).path("text").asText().startsWith("Вы подтвердили"));
            JsonNode confirmed = chat.notified(guest, "🎉 Бронь подтверждена");
            assertTrue(confirmed.path("text").asText().contains("Абая 10, кв 5"));
            assertTrue(confirmed.path("text").asText().contains("+77015554433"));

            // the guest sees it in /mybookings and cancels; the landlord is told
            JsonNode mine = chat.say(guest, "/mybookings");
            assertTrue(mine.path("text").asText().contains("подтверждена"), mine.toString());
            JsonNode cancelled = chat.press(guest, BotChat.button(mine, "cancel:" + bookingId));
            assertTrue(cancelled.path("text").asText().startsWith("Бронь отменена"), cancelled.toString());
            chat.notified(landlord, "Гость отменил бронь");

            List<ConsumerRecord<String, String>> story = bookings.await(r -> r.key().equals(bookingId), 3,
                    Duration.ofSeconds(30));
            assertEquals(List.of(EventTypes.APARTMENT_BOOKING_REQUESTED, EventTypes.APARTMENT_BOOKING_CONFIRMED,
                    EventTypes.APARTMENT_BOOKING_CANCELLED), story.stream().map(r -> TopicProbe.header(r, "ce_type")).toList());
            for (ConsumerRecord<String, String> change : story) {
                schemas.assertValid(TopicProbe.header(change, "ce_type"), change.value());
                assertTrue(!change.value().contains("Гость") && !change.value().contains("+7701"), "no personal data");
            }
        }
    }

    /**
     * A guest's message waits on PostgreSQL (its event id held by an open transaction of the test, so the service's
     * insert of it into processed_event waits); a chat on another partition of bot.messages is answered meanwhile.
     * With one consumer for the whole service (as it was), it waited behind the held one.
     */
    @Test
    void aMessageWaitingOnPostgresHoldsUpNoChatOfAnotherPartition() throws Exception {
        long other = BotChat.newChat();
        while (partitionOf(other) == partitionOf(guest)) {
            other = BotChat.newChat();
        }
        BotUpdate update = new BotUpdate(ApartmentDialog.BOT, 1, guest, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(guest, "Dana", null, null, "ru"), 3L, "/start", null, null, null, Instant.now());
        CloudEvent held = new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                Instant.now(), String.valueOf(guest), json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru",
                Map.of())));
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES);
             HeldEvent hold = HeldEvent.hold(dataSource, "apartments", held.id())) {
            KafkaTestBroker.send(held.toRecord(Topics.BOT_MESSAGES));
            JsonNode welcome = new BotChat(json, replies).say(other, "/start");
            assertTrue(welcome.path("text").asText().startsWith("Здравствуйте"), welcome.toString());
            assertTrue(replies.drain(Duration.ZERO).stream().noneMatch(r -> String.valueOf(guest).equals(r.key())),
                    "the held guest still waits");
            hold.release();
            replies.await(r -> String.valueOf(guest).equals(r.key()), 1, Duration.ofSeconds(20));
        }
    }

    private static int partitionOf(long chat) {
        return TopicProbe.partitionOf(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES, String.valueOf(chat));
    }

    @Test
    void theTaxiBotsMessagesAreLeftAlone() throws Exception {
        long taxiChat = BotChat.newChat();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotChat chat = new BotChat(json, replies);
            BotUpdate update = new BotUpdate("taxi", 1, taxiChat, BotUpdate.Kind.MESSAGE,
                    new BotUpdate.User(taxiChat, "Arman", null, null, "en"), 3L, "/start", null, null, null, Instant.now());
            KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                    Instant.now(), String.valueOf(taxiChat), json.writeValueAsString(new BotMessage(update, "unknown", 0,
                    "en", Map.of()))).toRecord(Topics.BOT_MESSAGES));
            JsonNode welcome = chat.say(guest, "/start");
            assertTrue(welcome.path("text").asText().startsWith("Здравствуйте, Гость"));
            assertTrue(replies.drain(Duration.ofSeconds(2)).stream().noneMatch(r -> String.valueOf(taxiChat).equals(r.key())));
        }
    }
}
