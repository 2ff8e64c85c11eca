package kz.tapbot.gateway;

import static io.restassured.RestAssured.given;
import static kz.tapbot.gateway.GatewayTestResources.TAXI_SECRET;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.http.params.CoreProtocolPNames;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class WebhookTest {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    private final EventSchemas schemas = new EventSchemas();

    private static ValidatableResponse post(String bot, String secret, String body) {
        var request = given().contentType("application/json").body(body);
        if (secret != null) {
            request.header("X-Telegram-Bot-Api-Secret-Token", secret);
        }
        return request.when().post("/telegram/" + bot + "/webhook").then();
    }

    private static TopicProbe updatesProbe() {
        return TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES);
    }

    private static boolean forChat(ConsumerRecord<String, String> record, long chatId) {
        return record.key().equals(String.valueOf(chatId));
    }

    @Test
    void wrongOrMissingSecretIsRefusedAndNothingIsPublished() {
        long chat = IDS.incrementAndGet();
        try (TopicProbe probe = updatesProbe()) {
            post("taxi", "not-the-secret", TelegramJson.textMessage(IDS.incrementAndGet(), chat, "hi"))
                    .statusCode(401).contentType("application/problem+json")
                    .body("detail", containsString("X-Telegram-Bot-Api-Secret-Token"));
            post("taxi", null, TelegramJson.textMessage(IDS.incrementAndGet(), chat, "hi")).statusCode(401);
            assertTrue(probe.drain(Duration.ofSeconds(2)).stream().noneMatch(r -> forChat(r, chat)));
        }
    }

    @Test
    void unknownBotIsNotFound() {
        post("bicycles", TAXI_SECRET, TelegramJson.textMessage(IDS.incrementAndGet(), 1, "hi"))
                .statusCode(404).body("status", equalTo(404));
    }

    @Test
    void bodyThatIsNotAnUpdateIsABadRequest() {
        post("taxi", TAXI_SECRET, "this is not json").statusCode(400).contentType("application/problem+json");
        post("taxi", TAXI_SECRET, "{\"message\": {\"text\": \"no update_id\"}}").statusCode(400);
        post("taxi", TAXI_SECRET, "{\"update_id\": \"seven\"}").statusCode(400);
        post("taxi", TAXI_SECRET, "[1, 2, 3]").statusCode(400);
        for (String updateId : List.of("1.5", "1.0", "-1", "99999999999999999999", "true", "null", "[7]", "{}")) {
            post("taxi", TAXI_SECRET, "{\"update_id\": " + updateId + "}").statusCode(400);
        }
        post("taxi", TAXI_SECRET, "null").statusCode(400);
        post("taxi", TAXI_SECRET, "{\"update_id\": 7} {\"update_id\": 8}").statusCode(400);
    }

    @Test
    void updatesAreTakenAfterRedisForgetsItsScripts() throws Exception {
        long chat = IDS.incrementAndGet();
        long updateId = IDS.incrementAndGet();
        redis.execute("SCRIPT", "FLUSH");
        try (TopicProbe probe = updatesProbe()) {
            post("taxi", TAXI_SECRET, TelegramJson.textMessage(updateId, chat, "/start"))
                    .statusCode(200).body("outcome", equalTo("published"));
            redis.execute("SCRIPT", "FLUSH");
            post("taxi", TAXI_SECRET, TelegramJson.textMessage(updateId, chat, "/start"))
                    .statusCode(200).body("outcome", equalTo("duplicate"));
            assertEquals(1, probe.await(r -> forChat(r, chat), 1, Duration.ofSeconds(10)).size());
        }
        assertEquals("done", redis.value(String.class).get("tg:update:taxi:" + updateId));
    }

    @Test
    void bodyOverOneMegabyteIsTooLarge() {
        String huge = "{\"update_id\": 1, \"padding\": \"" + "x".repeat(1_100_000) + "\"}";
        // The server answers 413 from Content-Length and closes the connection; a client still writing the
        // body then gets a broken pipe instead of the answer. Like a careful client, ask first and send the body
        // only after "100 Continue", so the 413 is read instead of racing the close.
        given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam(CoreProtocolPNames.USE_EXPECT_CONTINUE, true)))
                .contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", TAXI_SECRET).body(huge)
                .when().post("/telegram/taxi/webhook")
                .then().statusCode(413);
    }

    @Test
    void updateIsPublishedOnceAsAValidCloudEventAndARepeatProducesNothing() throws Exception {
        long chat = IDS.incrementAndGet();
        long updateId = IDS.incrementAndGet();
        try (TopicProbe probe = updatesProbe()) {
            post("taxi", TAXI_SECRET, TelegramJson.textMessage(updateId, chat, "/start"))
                    .statusCode(200).body("outcome", equalTo("published"));
            ConsumerRecord<String, String> record = probe.await(r -> forChat(r, chat), 1, Duration.ofSeconds(10)).get(0);

            assertEquals(EventTypes.UPDATE_RECEIVED, TopicProbe.header(record, "ce_type"));
            assertEquals("1.0", TopicProbe.header(record, "ce_specversion"));
            assertNotNull(TopicProbe.header(record, "ce_id"));
            assertNotNull(TopicProbe.header(record, "ce_source"));
            assertNotNull(TopicProbe.header(record, "ce_time"));
            schemas.assertValid(EventTypes.UPDATE_RECEIVED, record.value());
            JsonNode data = json.readTree(record.value());
            assertEquals("taxi", data.get("bot").asText());
            assertEquals(updateId, data.get("updateId").asLong());
            assertEquals("/start", data.get("text").asText());
            assertEquals("aigerim_k", data.at("/user/username").asText());

            String tokensLeft = redis.hash(String.class).hget("rate:tg:taxi:" + chat, "tokens");
            for (int repeat = 0; repeat < GatewayTestResources.FLOOD_BURST + 1; repeat++) {
                post("taxi", TAXI_SECRET, TelegramJson.textMessage(updateId, chat, "/start"))
                        .statusCode(200).body("outcome", equalTo("duplicate"));
            }
            assertEquals(1, probe.drain(Duration.ofSeconds(2)).stream().filter(r -> forChat(r, chat)).count());
            assertEquals(tokensLeft, redis.hash(String.class).hget("rate:tg:taxi:" + chat, "tokens"),
                    "a repeat takes no token from the chat's flood guard");
        }
        assertEquals("ru", redis.hash(String.class).hget("user:telegram:" + chat, "language_code"));
        assertEquals(1, count("SELECT count(*) FROM gateway.telegram_user WHERE id = " + chat));
    }

    @Test
    void theProfileIsWrittenToTheDatabaseWhenItChangesNotOnEveryMessage() throws Exception {
        long chat = IDS.incrementAndGet();
        post("taxi", TAXI_SECRET, TelegramJson.textMessage(IDS.incrementAndGet(), chat, "/start")).statusCode(200);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE gateway.telegram_user SET first_name = 'as written' WHERE id = " + chat);
        }
        post("taxi", TAXI_SECRET, TelegramJson.textMessage(IDS.incrementAndGet(), chat, "/help")).statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM gateway.telegram_user WHERE id = " + chat
                + " AND first_name = 'as written'"), "the same profile again is not written again");

        // the same user now writes with Telegram set to Kazakh: a changed profile is written
        post("taxi", TAXI_SECRET, TelegramJson.callback(IDS.incrementAndGet(), chat, "menu")).statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM gateway.telegram_user WHERE id = " + chat
                + " AND first_name = 'Aigerim' AND language_code = 'kk'"));
        assertEquals("kk", redis.hash(String.class).hget("user:telegram:" + chat, "language_code"));

        // that profile has no username any more: none stays cached, so the same profile again is not written again
        assertNull(redis.hash(String.class).hget("user:telegram:" + chat, "username"));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE gateway.telegram_user SET first_name = 'as written' WHERE id = " + chat);
        }
        post("taxi", TAXI_SECRET, TelegramJson.callback(IDS.incrementAndGet(), chat, "menu")).statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM gateway.telegram_user WHERE id = " + chat
                + " AND first_name = 'as written'"), "a field the user removed does not make every message a write");
    }

    @Test
    void callbackQueriesAndContactsAreNormalised() throws Exception {
        long chat = IDS.incrementAndGet();
        try (TopicProbe probe = updatesProbe()) {
            post("taxi", TAXI_SECRET, TelegramJson.callback(IDS.incrementAndGet(), chat, "book")).statusCode(200);
            post("taxi", TAXI_SECRET, TelegramJson.contact(IDS.incrementAndGet(), chat, "+7 701 123 45 67"))
                    .statusCode(200);
            List<ConsumerRecord<String, String>> records = probe.await(r -> forChat(r, chat), 2, Duration.ofSeconds(10));
            for (ConsumerRecord<String, String> record : records) {
                schemas.assertValid(EventTypes.UPDATE_RECEIVED, record.value());
            }
            JsonNode press = json.readTree(records.get(0).value());
            assertEquals("callback_query", press.get("kind").asText());
            assertEquals("book", press.at("/callback/data").asText());
            assertEquals(77, press.at("/callback/messageId").asLong());
            JsonNode contact = json.readTree(records.get(1).value());
            assertEquals("+7 701 123 45 67", contact.at("/contact/phoneNumber").asText());
        }
    }

    @Test
    void aPhotoKeepsItsLargestSizeAndCaptionAndALocationItsPoint() throws Exception {
        long chat = IDS.incrementAndGet();
        try (TopicProbe probe = updatesProbe()) {
            post("taxi", TAXI_SECRET, TelegramJson.photo(IDS.incrementAndGet(), chat, "the living room")).statusCode(200);
            post("taxi", TAXI_SECRET, TelegramJson.location(IDS.incrementAndGet(), chat, 43.2389, 76.8897)).statusCode(200);
            List<ConsumerRecord<String, String>> records = probe.await(r -> forChat(r, chat), 2, Duration.ofSeconds(10));
            for (ConsumerRecord<String, String> record : records) {
                schemas.assertValid(EventTypes.UPDATE_RECEIVED, record.value());
            }
            JsonNode photo = json.readTree(records.get(0).value());
            assertEquals("large-id", photo.get("photo").asText());
            assertEquals("the living room", photo.get("text").asText());
            JsonNode location = json.readTree(records.get(1).value());
            assertEquals(43.2389, location.at("/location/latitude").asDouble());
        }
    }

    @Test
    void otherKindsOfUpdateAreAcknowledgedAndIgnored() {
        long chat = IDS.incrementAndGet();
        try (TopicProbe probe = updatesProbe()) {
            String channelPost = "{\"update_id\": " + IDS.incrementAndGet()
                    + ", \"channel_post\": {\"message_id\": 1, \"date\": 1, \"chat\": {\"id\": " + chat
                    + ", \"type\": \"channel\"}, \"text\": \"news\"}}";
            post("taxi", TAXI_SECRET, channelPost).statusCode(200).body("outcome", equalTo("ignored"));
            assertTrue(probe.drain(Duration.ofSeconds(1)).stream().noneMatch(r -> forChat(r, chat)));
        }
    }

    @Test
    void whileRedisIsDownUpdatesAreRefusedWith503AndTakenOnceItIsBack() {
        long chat = IDS.incrementAndGet();
        long updateId = IDS.incrementAndGet();
        String update = TelegramJson.textMessage(updateId, chat, "are you there?");
        try (TopicProbe probe = updatesProbe()) {
            GatewayTestResources.REDIS.stop();
            try {
                post("taxi", TAXI_SECRET, update).statusCode(503).contentType("application/problem+json");
            } finally {
                GatewayTestResources.REDIS.start();
            }
            // Telegram delivers it again; the reconnecting client may need a moment
            long deadline = System.currentTimeMillis() + 15_000;
            int status;
            do {
                status = post("taxi", TAXI_SECRET, update).extract().statusCode();
            } while (status == 503 && System.currentTimeMillis() < deadline && pause(200));
            assertEquals(200, status);
            post("taxi", TAXI_SECRET, update).statusCode(200).body("outcome", equalTo("duplicate"));
            assertEquals(1, probe.await(r -> forChat(r, chat), 1, Duration.ofSeconds(10)).size());
            assertEquals(1, probe.drain(Duration.ofSeconds(2)).stream().filter(r -> forChat(r, chat)).count());
        }
    }

    @Test
    void aRedisThatDoesNotAnswerGetsA503NotAWebhookLeftHanging() throws Exception {
        long chat = IDS.incrementAndGet();
        long updateId = IDS.incrementAndGet();
        String update = TelegramJson.textMessage(updateId, chat, "is anyone there?");
        // the gate's script is loaded (a script not yet loaded would be sent again after NOSCRIPT, which the pause
        // below would hide)
        post("taxi", TAXI_SECRET, TelegramJson.textMessage(IDS.incrementAndGet(), chat + 1, "hi"))
                .statusCode(200).body("outcome", equalTo("published"));
        try (TopicProbe probe = updatesProbe()) {
            // Redis keeps its connections open and answers nothing for 8 s; the gateway gives up on it before that
            redis.execute("CLIENT", "PAUSE", "8000", "ALL");
            post("taxi", TAXI_SECRET, update).statusCode(503).contentType("application/problem+json");
            // the claim sent before the 503 is carried out once the pause ends, and keeps the update pending for its
            // minute, in which Telegram's redeliveries get 503 too
            String claim = null;
            for (long deadline = System.currentTimeMillis() + 15_000; claim == null
                    && System.currentTimeMillis() < deadline; pause(100)) {
                try {
                    claim = redis.value(String.class).get("tg:update:taxi:" + updateId);
                } catch (RuntimeException stillPaused) {
                    // the test's own client gives up sooner than the pause ends
                }
            }
            assertEquals("pending", claim);
            assertEquals(0, probe.drain(Duration.ofSeconds(1)).stream().filter(r -> forChat(r, chat)).count());
            redis.key().del("tg:update:taxi:" + updateId);
            post("taxi", TAXI_SECRET, update).statusCode(200).body("outcome", equalTo("published"));
            assertEquals(1, probe.await(r -> forChat(r, chat), 1, Duration.ofSeconds(10)).size());
        }
    }

    @Test
    void aChatThatFloodsIsToldToSlowDownOnceAndTheExcessIsRecordedNotProcessed() throws Exception {
        long chat = IDS.incrementAndGet();
        int extra = 3;
        try (TopicProbe probe = updatesProbe()) {
            for (int i = 0; i < GatewayTestResources.FLOOD_BURST + extra; i++) {
                post("taxi", TAXI_SECRET, TelegramJson.textMessage(IDS.incrementAndGet(), chat, "spam " + i))
                        .statusCode(200);
            }
            assertEquals(GatewayTestResources.FLOOD_BURST,
                    probe.drain(Duration.ofSeconds(2)).stream().filter(r -> forChat(r, chat)).count());
        }
        List<?> warnings = GatewayTestResources.TELEGRAM.awaitCalls(
                c -> c.method().equals("sendMessage") && c.chatId() == chat, 1, Duration.ofSeconds(10));
        Thread.sleep(1500);
        assertEquals(1, GatewayTestResources.TELEGRAM.calls(
                c -> c.method().equals("sendMessage") && c.chatId() == chat).size(), "one slow-down answer: " + warnings);
        assertTrue(GatewayTestResources.TELEGRAM.deliveredTexts(chat).get(0).contains("слишком часто"));
        assertEquals(extra, count("SELECT count(*) FROM gateway.throttled_update WHERE chat_id = " + chat));
        Map<String, String> bucket = redis.hash(String.class).hgetall("rate:tg:taxi:" + chat);
        assertEquals("1", bucket.get("warned"));
    }

    private long count(String sql) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
