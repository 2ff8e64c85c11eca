package kz.tapbot.apartments;

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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.apartments.dialog.RequestExpiry;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.search.ListingSearch;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/**
 * A landlord manages a listing in the bot: price, blocked dates, pause, upcoming stays; nobody else
 * can touch it; a request left unanswered expires and both sides are told.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class LandlordBotTest {

    @Inject
    ObjectMapper json;

    @Inject
    ListingRepository listings;

    @Inject
    StayCalendar calendar;

    @Inject
    ListingSearch search;

    @Inject
    RequestExpiry expiry;

    @Inject
    AgroalDataSource dataSource;

    private final long landlord = BotChat.newChat();
    private final LocalDate day = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(ThreadLocalRandom.current().nextInt(30, 300));

    private UUID listingOfTheLandlord(boolean instantBook) {
        UUID id = UUID.randomUUID();
        listings.insert(new Listing(id, null, landlord, landlord, "2-комнатная квартира, Тараз", "Taraz", "Центр",
                "ул. Толе би 1", 42.9, 71.37, 2, 4, 14_000, List.of("wifi"), "Светлая квартира у парка", List.of(),
                instantBook, 3, "active", "@landlord_kz", null, null, "ru"));
        return id;
    }

    /** A guest searches Taraz for {@code nights} from {@code day} by buttons and books the listing; the bot's answer. */
    private JsonNode book(BotChat chat, long guest, UUID listing, int nights) throws Exception {
        chat.say(guest, "/search");
        // Taraz is not among the city buttons: typed
        chat.say(guest, "Тараз");
        chat.press(guest, "day:" + day);
        chat.press(guest, "day:" + day.plusDays(nights));
        chat.press(guest, "guests:" + nights);
        chat.press(guest, "budget:any");
        chat.press(guest, "wishes:skip");
        chat.press(guest, "book:" + listing);
        return chat.press(guest, "bookok");
    }

    private boolean searchable(UUID id) {
        return search.search(new ListingSearch.Query("Taraz", new Stay(day, day.plusDays(1)), 2, null, List.of(), null,
                null, null, null, 50)).stream().anyMatch(r -> r.listing().id().equals(id));
    }

    @Test
    void aLandlordChangesThePriceBlocksAndUnblocksDatesAndPausesTheListing() throws Exception {
        UUID id = listingOfTheLandlord(true);
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotChat chat = new BotChat(json, replies);
            JsonNode mine = chat.say(landlord, "/mylistings");
            assertTrue(mine.path("text").asText().contains("14 000 ₸"), mine.toString());
            assertEquals("price:" + id, BotChat.button(mine, "price:"));

            assertTrue(chat.press(landlord, "price:" + id).path("text").asText().startsWith("Новая цена"));
            assertTrue(chat.say(landlord, "сто").path("text").asText().startsWith("Цена — число"));
            assertTrue(chat.say(landlord, "16 500").path("text").asText().contains("16 500 ₸"));
            assertEquals(16_500, listings.find(id).orElseThrow().pricePerNight());

            chat.press(landlord, "block:" + id);
            chat.press(landlord, "day:" + day);
            JsonNode blocked = chat.press(landlord, "day:" + day.plusDays(2));
            assertTrue(blocked.path("text").asText().startsWith("Даты закрыты"), blocked.toString());
            assertEquals(1, calendar.holds(id, day, day.plusDays(3)).size());
            assertTrue(!searchable(id), "blocked nights are not offered");
            JsonNode blocks = chat.press(landlord, "unblock:" + id);
            String unblock = BotChat.button(blocks, "unblk:");
            assertTrue(chat.press(landlord, unblock).path("text").asText().startsWith("Даты снова открыты"));
            assertTrue(calendar.holds(id, day, day.plusDays(3)).isEmpty());
            assertTrue(searchable(id));

            assertTrue(chat.press(landlord, "pause:" + id).path("text").asText().startsWith("Объявление на паузе"));
            assertTrue(!searchable(id), "a paused listing is not shown");
            assertTrue(chat.press(landlord, "resume:" + id).path("text").asText().startsWith("Объявление снова в поиске"));
            assertTrue(searchable(id));
        }
    }

    @Test
    void aRedeliveredBookingMessageBooksOnce() throws Exception {
        UUID id = listingOfTheLandlord(true);
        long guest = BotChat.newChat();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotChat chat = new BotChat(json, replies);
            assertTrue(book(chat, guest, id, 1).path("text").asText().startsWith("🎉 Бронь подтверждена"));
            chat.redeliverLast();
            // a later message is answered, so the redelivered one was handled (and skipped) before it
            chat.say(guest, "/help");
            assertEquals(1, calendar.bookingsOf(guest).size());
            assertEquals(1, calendar.holds(id, day, day.plusDays(1)).size());
        }
    }

    @Test
    void nobodyElseCanTouchTheListing() throws Exception {
        UUID id = listingOfTheLandlord(true);
        long stranger = BotChat.newChat();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotChat chat = new BotChat(json, replies);
            assertTrue(chat.press(stranger, "pause:" + id).path("text").asText().startsWith("Это не ваше объявление"));
            chat.press(stranger, "price:" + id);
            assertTrue(chat.say(stranger, "1000").path("text").asText().startsWith("Это не ваше объявление"));
            assertEquals(14_000, listings.find(id).orElseThrow().pricePerNight());
            assertTrue(listings.find(id).orElseThrow().isActive());
        }
    }

    @Test
    void anUnansweredRequestExpiresFreesTheNightsAndBothSidesAreTold() throws Exception {
        UUID id = listingOfTheLandlord(false);
        long guest = BotChat.newChat();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            BotChat chat = new BotChat(json, replies);
            assertTrue(book(chat, guest, id, 2).path("text").asText().startsWith("Запрос отправлен"));
            JsonNode request = chat.notified(landlord, "📩 Новый запрос");
            String bookingId = BotChat.button(request, "lconfirm:").substring(9);

            JsonNode stays = chat.press(landlord, "stays:" + id);
            assertTrue(stays.path("text").asText().contains("ждёт ответа хозяина"), stays.toString());

            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE apartments.stay SET expires_at = now() - interval '1 minute' WHERE id = '"
                        + bookingId + "'");
            }
            expiry.expireUnanswered();
            assertTrue(chat.notified(guest, "Хозяин не ответил вовремя").path("text").asText().contains("2-комнатная"));
            chat.notified(landlord, "Запрос истёк без ответа");
            assertTrue(calendar.holds(id, day, day.plusDays(2)).isEmpty(), "the nights are free again");
            assertTrue(chat.press(landlord, "lconfirm:" + bookingId).path("text").asText().startsWith("Этот запрос уже закрыт"));
        }
    }
}
