package kz.tapbot.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.ai.memory.ConversationMemory;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/**
 * Every message in and out is remembered in the conversations collection: operators find it by
 * meaning with payload filters, read the chat's transcript, and can rebuild the collection from PostgreSQL.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ConversationMemoryTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final AtomicLong CHATS = new AtomicLong(7_100_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    @Inject
    ConversationMemory memory;

    @Inject
    AgroalDataSource dataSource;

    private void said(long chat, String text) throws Exception {
        BotUpdate update = new BotUpdate("apartments", CHATS.incrementAndGet(), chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), 1L, text, null, null, null, Instant.now());
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(update));
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            KafkaTestBroker.send(event.toRecord(Topics.BOT_UPDATES));
            messages.await(r -> r.key().equals(String.valueOf(chat)), 1, Duration.ofSeconds(20));
        }
    }

    private void answered(long chat, String text) throws Exception {
        BotReply reply = new BotReply("apartments", chat, text, null, null, null, null, null, null);
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests",
                Instant.now(), String.valueOf(chat), json.writeValueAsString(reply)).toRecord(Topics.BOT_REPLIES));
    }

    private List<Map<String, Object>> search(String query) {
        return given().header("Authorization", TOKEN).get("/api/conversations/search?" + query).then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    @Test
    void messagesAreFoundByMeaningWithinTheirFilters() throws Exception {
        long dana = CHATS.incrementAndGet();
        long aidar = CHATS.incrementAndGet();
        said(dana, "квартира в Алматы с балконом можно с собакой, мой номер 8 701 123 45 67");
        said(dana, "сколько стоит такси до аэропорта");
        said(aidar, "квартира в Алматы с балконом и собакой");
        answered(dana, "Нашёл квартиру с балконом у парка");

        List<Map<String, Object>> mine = search("q=балкон собака&userId=" + dana + "&limit=5");
        assertFalse(mine.isEmpty());
        assertEquals("квартира в Алматы с балконом можно с собакой, мой номер +7701***4567", mine.get(0).get("text"),
                "closest first, and the phone number masked");
        assertTrue(mine.stream().allMatch(m -> String.valueOf(dana).equals(String.valueOf(m.get("userId")))));
        long deadline = System.currentTimeMillis() + 20_000;
        while (search("q=балконом у парка&userId=" + dana).stream().noneMatch(m -> "out".equals(m.get("direction")))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(search("q=балконом у парка&userId=" + dana).stream().anyMatch(m -> "out".equals(m.get("direction"))),
                "the bot's replies are remembered too");

        given().header("Authorization", TOKEN).get("/api/conversations/search?q=квартира&userId=" + dana
                + "&intent=apartment.search").then().statusCode(200).body("intent", everyItem(equalTo("apartment.search")));
        List<Map<String, Object>> later = search("q=квартира&userId=" + dana + "&from=" + Instant.now().plusSeconds(3600));
        assertTrue(later.isEmpty(), "nothing was said in the future");
    }

    @Test
    void aChatsTranscriptAndARebuildFromPostgres() throws Exception {
        long chat = CHATS.incrementAndGet();
        said(chat, "привет");
        said(chat, "квартира в Шымкенте на выходные");
        given().header("Authorization", TOKEN).get("/api/conversations/" + chat).then().statusCode(200)
                .body("[0].text", equalTo("привет")).body("[1].intent", equalTo("apartment.search"));
        long before = memory.size();
        given().header("Authorization", TOKEN).post("/api/admin/reindex-conversations").then().statusCode(200);
        assertTrue(memory.size() >= before, "every stored message is back after the rebuild");
        assertFalse(search("q=квартира в Шымкенте&userId=" + chat).isEmpty());
    }

    @Test
    void aMessageTheIndexLostWhenTheServiceDiedIsEmbeddedAgainAtTheNextStart() throws Exception {
        long chat = CHATS.incrementAndGet();
        // in the history, as DialogHistory stores it, but not in the index: written after its last commit, then killed
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO ai.dialog_message (event_id, direction, bot, chat_id, user_id, kind, text, occurred_at)"
                        + " VALUES (?, 'in', 'apartments', ?, ?, 'message', ?, now())")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setLong(2, chat);
            insert.setLong(3, chat);
            insert.setString(4, "юрта на джайлау под Каркаралинском");
            insert.executeUpdate();
        }
        assertTrue(search("q=юрта на джайлау&userId=" + chat).isEmpty());

        assertTrue(memory.catchUp() >= 1);

        assertEquals(List.of("юрта на джайлау под Каркаралинском"),
                search("q=юрта на джайлау&userId=" + chat).stream().map(m -> m.get("text")).toList());
    }

    @Test
    void badQueriesAreRefusedWithAReason() {
        given().header("Authorization", TOKEN).get("/api/conversations/search").then().statusCode(400)
                .body("detail", containsString("q"));
        given().header("Authorization", TOKEN).get("/api/conversations/search?q=x&from=yesterday").then().statusCode(400);
        given().header("Authorization", TOKEN).get("/api/conversations/abc").then().statusCode(400);
        given().header("Authorization", TOKEN).get("/api/conversations/1").then().statusCode(404);
        given().get("/api/conversations/search?q=x").then().statusCode(401);
    }
}
