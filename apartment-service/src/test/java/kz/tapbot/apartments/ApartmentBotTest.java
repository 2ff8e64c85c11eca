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

    private static final AtomicLong CHATS = new AtomicLong(9_000_000_000L + System.currentTimeMillis() % 1_000_000 * 10);
    private static final String CITY = "Kokshetau";

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    private final EventSchemas schemas = new EventSchemas();
    private final long landlord = CHATS.incrementAndGet();
    private final long guest = CHATS.incrementAndGet();
    private final long secondGuest = CHATS.incrementAndGet();

    /** One message to the bot; returns the replies to {@code chat} that answer it (there may be more to others). */
    private List<JsonNode> exchange(TopicProbe replies, long chat, String text, String button, String photo)
            throws Exception {
        BotUpdate update = new BotUpdate(ApartmentDialog.BOT, CHATS.incrementAndGet(), chat,
                button == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, chat == landlord ? "Ерлан" : "Асель", null, null, "ru"), 7L, text,
                button == null ? null : new BotUpdate.Callback("cb-" + UUID.randomUUID(), button, 7L), null, null,
                Instant.now(), photo);
        String id = UUID.randomUUID().toString();
        KafkaTestBroker.send(new CloudEvent(id, EventTypes.MESSAGE_UNDERSTOOD, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru", Map.of())))
                .toRecord(Topics.BOT_MESSAGES));
        List<ConsumerRecord<String, String>> answers = replies.await(r -> r.key().equals(String.valueOf(chat))
                && id.equals(field(r, "inReplyTo")) && field(r, "text") != null, 1, Duration.ofSeconds(30));
        List<JsonNode> nodes = new ArrayList<>();
        for (ConsumerRecord<String, String> answer : answers) {
            schemas.assertValid(EventTypes.REPLY_REQUESTED, answer.value());
            JsonNode node = json.readTree(answer.value());
            if (node.hasNonNull("text")) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private JsonNode say(TopicProbe replies, long chat, String text) throws Exception {
        return exchange(replies, chat, text, null, null).get(0);
    }

    private JsonNode press(TopicProbe replies, long chat, String button) throws Exception {
        return exchange(replies, chat, null, button, null).get(0);
    }

    /** The next reply to a chat that no message of its own asked for (a notification). */
    private JsonNode notified(TopicProbe replies, long chat, String startsWith) throws Exception {
        ConsumerRecord<String, String> record = replies.await(r -> r.key().equals(String.valueOf(chat))
                && String.valueOf(field(r, "text")).startsWith(startsWith), 1, Duration.ofSeconds(30)).get(0);
        return json.readTree(record.value());
    }

    private String field(ConsumerRecord<String, String> record, String name) {
        try {
            JsonNode value = json.readTree(record.value()).get(name);
            return value == null || value.isNull() ? null : value.asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String button(JsonNode reply, String prefix) {
        for (JsonNode row : reply.path("inlineKeyboard")) {
            for (JsonNode b : row) {
                if (b.path("callbackData").asText().startsWith(prefix)) {
                    return b.path("callbackData").asText();
                }
            }
        }
        throw new AssertionError("no button " + prefix + " in " + reply);
    }

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
            // the landlord adds a listing through the bot
            assertTrue(say(replies, landlord, "/addlisting").path("text").asText().contains("В каком городе"));
            assertTrue(say(replies, landlord, "Кокшетау").path("text").asText().startsWith("Адрес"));
            assertTrue(say(replies, landlord, "Абая 10, кв 5").path("text").asText().startsWith("Где это на карте"));
            assertTrue(press(replies, landlord, "loc:centre").path("text").asText().contains("Сколько комнат"));
            press(replies, landlord, "rooms:2");
            press(replies, landlord, "guests:4");
            JsonNode checklist = say(replies, landlord, "15000");
            assertTrue(button(checklist, "amen:balcony").equals("amen:balcony"));
            assertEquals(7, press(replies, landlord, "amen:balcony").path("editMessageId").asLong());
            press(replies, landlord, "amen:pets");
            press(replies, landlord, "amen:done");
            assertTrue(say(replies, landlord, "https://photos.example.kz/kokshetau/1.jpg").path("text").asText()
                    .startsWith("Фото: 1"));
            press(replies, landlord, "photos:done");
            say(replies, landlord, "Тихая квартира с балконом, рядом с парком, можно с собакой");
            JsonNode askContact = press(replies, landlord, "instant:no");
            assertNotNull(askContact.get("contactRequest"));
            assertTrue(say(replies, landlord, "+7 701 555 44 33").path("text").asText().startsWith("Проверьте объявление"));
            JsonNode published = press(replies, landlord, "publish");
            assertTrue(published.path("text").asText().startsWith("Объявление опубликовано"), published.toString());
            String listingId = button(published, "price:").substring(6);

            // a second guest searches first and keeps the card
            say(replies, secondGuest, "квартира в Кокшетау");
            press(replies, secondGuest, "day:" + checkIn);
            press(replies, secondGuest, "day:" + checkOut.minusDays(1));
            press(replies, secondGuest, "guests:2");
            press(replies, secondGuest, "budget:any");
            JsonNode secondCard = say(replies, secondGuest, "тихо, с балконом, можно с собакой");
            assertEquals("book:" + listingId, button(secondCard, "book:"), "the second guest sees it too");

            // the guest searches with wishes and gets it first among the fitting results
            assertTrue(say(replies, guest, "квартира в Кокшетау").path("text").asText().startsWith("Дата заезда"));
            press(replies, guest, "day:" + checkIn);
            press(replies, guest, "day:" + checkOut);
            press(replies, guest, "guests:2");
            press(replies, guest, "budget:25000");
            JsonNode card = say(replies, guest, "тихо, с балконом, можно с собакой");
            assertEquals("book:" + listingId, button(card, "book:"), card.toString());
            assertEquals("https://photos.example.kz/kokshetau/1.jpg", card.path("photo").asText());
            assertTrue(card.path("text").asText().contains("45 000 ₸"), card.toString());
            assertTrue(card.path("text").asText().contains("Балкон"), card.toString());
            assertTrue(!card.path("text").asText().contains("Абая"), "no address before confirmation");
            JsonNode summary = press(replies, guest, "book:" + listingId);
            assertTrue(summary.path("text").asText().contains("Итого: 45 000 ₸"), summary.toString());
            assertTrue(summary.path("text").asText().contains("Правила дома"));
            assertTrue(summary.path("text").asText().contains("Отмена бесплатно"));
            assertTrue(press(replies, guest, "bookok").path("text").asText().startsWith("Запрос отправлен"));
            JsonNode request = notified(replies, landlord, "📩 Новый запрос");
            String confirm = button(request, "lconfirm:");
            String bookingId = confirm.substring(9);

            // meanwhile the second guest's overlapping request is refused
            JsonNode refused = press(replies, secondGuest, "book:" + listingId);
            assertTrue(refused.path("text").asText().contains("только что заняли"), refused.toString());

            // the landlord confirms from the notification's button; the guest gets the address and contact
            assertTrue(press(replies, landlord, confirm).path("text").asText().startsWith("Вы подтвердили"));
            JsonNode confirmed = notified(replies, guest, "🎉 Бронь подтверждена");
            assertTrue(confirmed.path("text").asText().contains("Абая 10, кв 5"));
            assertTrue(confirmed.path("text").asText().contains("+77015554433"));

            // the guest sees it in /mybookings and cancels; the landlord is told
            JsonNode mine = say(replies, guest, "/mybookings");
            assertTrue(mine.path("text").asText().contains("подтверждена"), mine.toString());
            JsonNode cancelled = press(replies, guest, button(mine, "cancel:" + bookingId));
            assertTrue(cancelled.path("text").asText().startsWith("Бронь отменена"), cancelled.toString());
            notified(replies, landlord, "Гость отменил бронь");

            List<ConsumerRecord<String, String>> story = bookings.await(r -> r.key().equals(bookingId), 3,
                    Duration.ofSeconds(30));
            assertEquals(List.of(EventTypes.APARTMENT_BOOKING_REQUESTED, EventTypes.APARTMENT_BOOKING_CONFIRMED,
                    EventTypes.APARTMENT_BOOKING_CANCELLED), story.stream().map(r -> TopicProbe.header(r, "ce_type")).toList());
            for (ConsumerRecord<String, String> change : story) {
                schemas.assertValid(TopicProbe.header(change, "ce_type"), change.value());
                assertTrue(!change.value().contains("Асель") && !change.value().contains("+7701"), "no personal data");
            }
        }
    }

    @Test
    void theTaxiBotsMessagesAreLeftAlone() throws Exception {
        long taxiChat = CHATS.incrementAndGet();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotUpdate update = new BotUpdate("taxi", 1, taxiChat, BotUpdate.Kind.MESSAGE,
                    new BotUpdate.User(taxiChat, "Arman", null, null, "en"), 3L, "/start", null, null, null, Instant.now());
            KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                    Instant.now(), String.valueOf(taxiChat), json.writeValueAsString(new BotMessage(update, "unknown", 0,
                    "en", Map.of()))).toRecord(Topics.BOT_MESSAGES));
            JsonNode welcome = say(replies, guest, "/start");
            assertTrue(welcome.path("text").asText().startsWith("Здравствуйте, Асель!"));
            assertTrue(replies.drain(Duration.ofSeconds(2)).stream().noneMatch(r -> String.valueOf(taxiChat).equals(r.key())));
        }
    }
}
