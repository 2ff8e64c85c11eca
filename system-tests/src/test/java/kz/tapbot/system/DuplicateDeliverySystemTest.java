package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Telegram delivers an update again whenever it is unsure the first delivery arrived. The update that
 * confirms a taxi booking, delivered three times (at once from three threads, and spaced over six
 * seconds): one event on bot.updates, one answer to the passenger, one note to the driver, one booking.
 * The names in the dialog are hostile HTML: the bots send them back as plain text (no parse_mode),
 * exactly as written, so Telegram shows them as typed and never reads them as markup.
 */
class DuplicateDeliverySystemTest {

    private static final String DB_URL = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
    /** Far above the ids {@link TelegramChats} counts up from (the time in ms times 100). */
    private static final long UPDATE_IDS = System.currentTimeMillis() * 100 + 1_000_000_000_000L;
    private static final String DRIVER_NAME = "<b>Ерлан</b> & <script>alert(1)</script>";
    private static final String CAR = "Kia <i>Rio</i> &amp; &lt;Co&gt;";

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String webhook = system.webhookGateway.url("/telegram/taxi/webhook");

    private final long driver = 710_000_000L + System.currentTimeMillis() % 100_000_000L;
    private final long atOnce = driver + 1;
    private final long spaced = driver + 2;
    private final LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(1);
    private final Map<Long, String> names = Map.of(driver, "Ерлан",
            atOnce, "<i>Асель</i> &amp; <a href='tg://user?id=1'>x</a>", spaced, "Дана <u>&lt;b&gt;</u>");
    private final TelegramChats chats = new TelegramChats(webhook, TapBotSystem.TAXI_SECRET, names);

    @BeforeEach
    void aTripOnTheRoute() throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status IN ('requested', 'confirmed')"
                    + " AND from_city = 'Taldykorgan'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Taldykorgan'");
        }
        chats.write(driver, "/driver");
        chats.write(driver, DRIVER_NAME);
        chats.write(driver, CAR);
        chats.write(driver, "777KZA03");
        chats.shareContact(driver, "+7 702 333 44 55");
        chats.write(driver, "/newtrip");
        chats.press(driver, "city:Taldykorgan");
        chats.press(driver, "city:Konaev");
        chats.press(driver, "date:" + tomorrow);
        chats.press(driver, "time:09:00");
        Call askPrice = chats.press(driver, "seats:4");
        chats.press(driver, TelegramChats.callbackData(askPrice, "price:"));
        Call published = chats.press(driver, "confirm");
        assertTrue(published.text().startsWith("Поездка опубликована"), published.text());
    }

    @Test
    void theConfirmingUpdateDeliveredThreeTimesAtOnceBooksOnceAndIsAnsweredOnce() throws Exception {
        long updateId = UPDATE_IDS + 1;
        String confirm = upToTheBookingSummary(atOnce, updateId);
        try (TopicProbe updates = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            CyclicBarrier together = new CyclicBarrier(3);
            ExecutorService senders = Executors.newFixedThreadPool(3);
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                outcomes.add(senders.submit(() -> {
                    together.await();
                    return deliverAsTelegram(confirm);
                }));
            }
            List<String> answered = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                answered.add(outcome.get());
            }
            senders.shutdown();
            assertEquals(1, answered.stream().filter("published"::equals).count(), answered.toString());
            assertEquals(2, answered.stream().filter("duplicate"::equals).count(), answered.toString());
            assertBookedOnceAndToldOnce(atOnce, updateId, updates);
        }
    }

    @Test
    void theConfirmingUpdateDeliveredThreeTimesOverSixSecondsBooksOnceAndIsAnsweredOnce() throws Exception {
        long updateId = UPDATE_IDS + 2;
        String confirm = upToTheBookingSummary(spaced, updateId);
        try (TopicProbe updates = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            assertEquals("published", deliverAsTelegram(confirm));
            Thread.sleep(2_000);
            assertEquals("duplicate", deliverAsTelegram(confirm));
            Thread.sleep(4_000);
            assertEquals("duplicate", deliverAsTelegram(confirm));
            assertBookedOnceAndToldOnce(spaced, updateId, updates);
        }
    }

    /** The passenger's dialog up to the summary; returns the press on "confirm" that would book, not yet sent. */
    private String upToTheBookingSummary(long passenger, long updateId) throws Exception {
        chats.write(passenger, "/book");
        chats.press(passenger, "city:Taldykorgan");
        chats.press(passenger, "city:Konaev");
        chats.press(passenger, "date:" + tomorrow);
        chats.press(passenger, "seats:1");
        Call summary = chats.shareContact(passenger, "87017778899");
        assertTrue(summary.text().contains("Мест: 1"), summary.text());
        return """
                {"update_id": %d, "callback_query": {"id": "dup%d", "data": "confirm", "chat_instance": "1",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "message": {"message_id": 5, "date": 1764064800, "chat": {"id": %d, "type": "private"}}}}
                """.formatted(updateId, updateId, passenger, names.get(passenger), passenger);
    }

    /** Posts until the gateway answers 200, pausing after a 503 as Telegram does; the outcome it gave. */
    private String deliverAsTelegram(String update) throws Exception {
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(webhook))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", TapBotSystem.TAXI_SECRET)
                    .POST(HttpRequest.BodyPublishers.ofString(update)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return json.readTree(answer.body()).path("outcome").asText();
            }
            assertEquals(503, answer.statusCode(), answer.body());
            Thread.sleep(500);
        }
    }

    private void assertBookedOnceAndToldOnce(long passenger, long updateId, TopicProbe updates) throws Exception {
        updates.await(r -> isUpdate(r, passenger, updateId), 1, Duration.ofSeconds(30));
        Call booked = chats.notified(passenger, "Место забронировано!");
        Call toDriver = TELEGRAM.awaitCalls(c -> c.chatId() == driver && c.delivered() && c.text() != null
                && c.text().startsWith("Новый пассажир") && c.text().contains(names.get(passenger)), 1,
                Duration.ofSeconds(30)).get(0);
        // whatever a second copy would cause has had its time
        List<ConsumerRecord<String, String>> seen = updates.drain(Duration.ofSeconds(5));

        assertEquals(1, seen.stream().filter(r -> isUpdate(r, passenger, updateId)).count(), "one event on bot.updates");
        assertEquals(1, TELEGRAM.calls(c -> c.chatId() == passenger && c.text() != null
                && c.text().startsWith("Место забронировано!")).size(), "one answer to the passenger");
        assertEquals(1, TELEGRAM.calls(c -> c.method().equals("answerCallbackQuery")
                && c.params().path("callback_query_id").asText().equals("dup" + updateId)).size(),
                "the button answered once");
        assertEquals(1, TELEGRAM.calls(c -> c.chatId() == driver && c.text() != null
                && c.text().startsWith("Новый пассажир") && c.text().contains(names.get(passenger))).size(),
                "one note to the driver");
        assertEquals(1, count("SELECT count(*) FROM taxi.booking WHERE passenger_id = " + passenger), "one booking");

        // hostile names come back exactly as written, in messages sent without a parse mode
        assertTrue(booked.text().contains(DRIVER_NAME) && booked.text().contains(CAR), booked.text());
        assertTrue(toDriver.text().contains(names.get(passenger)), toDriver.text());
        assertFalse(booked.params().has("parse_mode"), booked.params().toString());
        assertFalse(toDriver.params().has("parse_mode"), toDriver.params().toString());
    }

    private boolean isUpdate(ConsumerRecord<String, String> record, long chat, long updateId) {
        try {
            return record.key().equals(String.valueOf(chat))
                    && json.readTree(record.value()).path("updateId").asLong() == updateId;
        } catch (Exception e) {
            return false;
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot"); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
