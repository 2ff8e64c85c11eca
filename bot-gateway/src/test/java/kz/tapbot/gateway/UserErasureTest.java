package kz.tapbot.gateway;

import static io.restassured.RestAssured.given;
import static kz.tapbot.gateway.GatewayTestResources.TAXI_SECRET;
import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * /deleteme and the operator's erasure at the gateway: the gateway asks first and answers itself (the update never
 * reaches the bots), forgets the user's row and Redis keys on confirmation, and only then announces the erasure on
 * user.erasures, once per confirming press.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class UserErasureTest {

    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10 + 7);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    private static String webhook(String body) {
        return given().contentType("application/json").header("X-Telegram-Bot-Api-Secret-Token", TAXI_SECRET).body(body)
                .when().post("/telegram/taxi/webhook").then().statusCode(200).extract().path("outcome");
    }

    private static Call lastTo(long chat, String method, int count) {
        return TELEGRAM.awaitCalls(c -> c.method().equals(method) && c.params().path("chat_id").asLong() == chat, count,
                Duration.ofSeconds(10)).get(count - 1);
    }

    private boolean known(long user) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM gateway.telegram_user WHERE id = " + user)) {
            r.next();
            return r.getLong(1) > 0 || redis.key(String.class).exists("user:telegram:" + user);
        }
    }

    @Test
    void deleteMeAsksThenForgetsTheUserAndAnnouncesTheErasureOnce() throws Exception {
        long user = IDS.incrementAndGet();
        assertEquals("published", webhook(TelegramJson.textMessage(IDS.incrementAndGet(), user, "hello")));
        assertTrue(known(user));
        assertTrue(redis.key(String.class).exists("rate:tg:taxi:" + user), "the flood guard keeps a bucket per chat");

        try (TopicProbe updates = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES);
             TopicProbe erasures = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.USER_ERASURES)) {
            assertEquals("answered", webhook(TelegramJson.textMessage(IDS.incrementAndGet(), user, "/deleteme")));
            Call question = lastTo(user, "sendMessage", 1);
            assertTrue(question.params().path("text").asText().startsWith("Удалить все ваши данные"));
            assertEquals("erase:confirm", question.params().at("/reply_markup/inline_keyboard/0/0/callback_data").asText());
            assertEquals("erase:cancel", question.params().at("/reply_markup/inline_keyboard/0/1/callback_data").asText());

            // "keep": nothing happens but a polite answer, in the language of the press (Kazakh)
            assertEquals("answered", webhook(TelegramJson.callback(IDS.incrementAndGet(), user, "erase:cancel")));
            assertEquals("Жақсы, ештеңе жойылмайды.", lastTo(user, "editMessageText", 1).params().path("text").asText());
            assertTrue(known(user));

            long confirming = IDS.incrementAndGet();
            assertEquals("answered", webhook(TelegramJson.callback(confirming, user, "erase:confirm")));
            Call goodbye = lastTo(user, "editMessageText", 2);
            assertTrue(goodbye.params().path("text").asText().startsWith("Дайын: деректеріңіз жойылды"));
            assertEquals(77, goodbye.params().path("message_id").asLong(), "the question is replaced by the goodbye");
            assertFalse(known(user));
            assertFalse(redis.key(String.class).exists("rate:tg:taxi:" + user));

            ConsumerRecord<String, String> erased = erasures.await(r -> r.key().equals(String.valueOf(user)), 1,
                    Duration.ofSeconds(10)).get(0);
            assertEquals(EventTypes.USER_ERASED, TopicProbe.header(erased, "ce_type"));
            assertEquals(EventIds.derived(EventIds.ofTelegramUpdate("taxi", confirming), "erasure"),
                    TopicProbe.header(erased, "ce_id"));
            new EventSchemas().assertValid(EventTypes.USER_ERASED, erased.value());
            JsonNode data = json.readTree(erased.value());
            assertEquals(user, data.get("userId").asLong());
            assertEquals("user", data.get("requestedBy").asText());
            assertEquals("taxi", data.get("bot").asText());
            assertFalse(erased.value().contains("Aigerim"), "no name on the topic");

            // Telegram delivering the confirming press again: answered once, announced once
            assertEquals("duplicate", webhook(TelegramJson.callback(confirming, user, "erase:confirm")));
            assertEquals(1, erasures.drain(Duration.ofSeconds(2)).stream()
                    .filter(r -> r.key().equals(String.valueOf(user))).count());
            assertTrue(updates.drain(Duration.ofSeconds(1)).stream().noneMatch(r -> r.key().equals(String.valueOf(user))),
                    "/deleteme and its buttons never reach the bots");
        }
    }

    @Test
    void anOperatorErasesAUserWith202AndTheEventIdAndABadIdIsRefused() throws Exception {
        long user = IDS.incrementAndGet();
        webhook(TelegramJson.textMessage(IDS.incrementAndGet(), user, "hello"));
        assertTrue(known(user));
        given().when().post("/api/users/" + user + "/erasure").then().statusCode(401);
        given().header("Authorization", "Bearer tapbot-local-admin").when().post("/api/users/aigerim/erasure")
                .then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", "Bearer tapbot-local-admin").when().post("/api/users/0/erasure")
                .then().statusCode(400);
        try (TopicProbe erasures = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.USER_ERASURES)) {
            String eventId = given().header("Authorization", "Bearer tapbot-local-admin")
                    .when().post("/api/users/" + user + "/erasure")
                    .then().statusCode(202).body("userId", equalTo(user)).extract().path("eventId");
            assertFalse(known(user));
            ConsumerRecord<String, String> erased = erasures.await(r -> r.key().equals(String.valueOf(user)), 1,
                    Duration.ofSeconds(10)).get(0);
            assertEquals(eventId, TopicProbe.header(erased, "ce_id"));
            assertEquals("operator", json.readTree(erased.value()).get("requestedBy").asText());
        }
    }
}
