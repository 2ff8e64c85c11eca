package kz.tapbot.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.pubsub.PubSubCommands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.gateway.localchat.LocalChatHub;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The local web chat (apartments runs in local mode here): locations go in, photos come out, and
 * replies travel between gateway instances over Redis (chat:local:{bot}).
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class LocalChatTest {

    private static final AtomicLong CHATS = new AtomicLong(6_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    @Inject
    LocalChatHub hub;

    @Inject
    RedisDataSource redis;

    @TestHTTPResource("/")
    URL root;

    @Test
    void aSharedLocationReachesBotUpdates() throws Exception {
        long chat = CHATS.incrementAndGet();
        try (TopicProbe updates = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            given().contentType("application/json").body(Map.of("chatId", chat, "latitude", 43.2389, "longitude", 76.8897))
                    .post("/chat/api/apartments/updates").then().statusCode(200);
            ConsumerRecord<String, String> record = updates.await(r -> r.key().equals(String.valueOf(chat)), 1,
                    Duration.ofSeconds(10)).get(0);
            JsonNode update = json.readTree(record.value());
            assertEquals(76.8897, update.at("/location/longitude").asDouble());
        }
        given().contentType("application/json").body(Map.of("chatId", chat, "latitude", 123.0, "longitude", 76.0))
                .post("/chat/api/apartments/updates").then().statusCode(400).body("detail", containsString("coordinates"));
    }

    @Test
    void aReplyWithAPhotoIsShownWithItsPhoto() throws Exception {
        long chat = CHATS.incrementAndGet();
        BotReply card = new BotReply("apartments", chat, "Студия, 12 000 ₸", List.of(List.of(new BotReply.Button("Book", "book:1"))),
                null, null, null, null, null, "https://photos.example.kz/2.jpg");
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(card)).toRecord(Topics.BOT_REPLIES));
        LocalChatHub.ChatEvent shown = hub.watch("apartments", chat).select().first(e -> "message".equals(e.kind()))
                .toUni().await().atMost(Duration.ofSeconds(20));
        assertEquals("https://photos.example.kz/2.jpg", shown.photo());
        assertEquals("Студия, 12 000 ₸", shown.text());
    }

    @Test
    void aReplySharedByAnotherInstanceReachesAPageWatchingThisOne() throws Exception {
        long chat = CHATS.incrementAndGet();
        long messageId = 9_000_000_000_000L + chat;
        BotReply reply = new BotReply("apartments", chat, "Ответ с другого экземпляра", null, null, null, null, null,
                null);
        awaitListeners("chat:local:apartments");
        CompletableFuture<HttpResponse<Stream<String>>> connecting = watchPage("apartments", chat);
        // what another gateway instance publishes once it consumed a reply for this chat
        redis.pubsub(String.class).publish("chat:local:apartments", json.writeValueAsString(
                Map.of("origin", "another-gateway-instance", "messageId", messageId, "reply", reply)));
        HttpResponse<Stream<String>> response = connecting.get(20, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        try (Stream<String> page = response.body()) {
            JsonNode shown = CompletableFuture.supplyAsync(() -> page
                            .filter(line -> line.startsWith("data:"))
                            .map(line -> readTree(line.substring("data:".length())))
                            .filter(event -> "message".equals(event.path("kind").asText()))
                            .findFirst().orElseThrow())
                    .get(20, TimeUnit.SECONDS);
            assertEquals("Ответ с другого экземпляра", shown.path("text").asText());
            assertEquals(messageId, shown.path("messageId").asLong());
        }
    }

    @Test
    void aReplyConsumedHereIsSharedWithTheOtherInstances() throws Exception {
        long chat = CHATS.incrementAndGet();
        BlockingQueue<JsonNode> shared = new LinkedBlockingQueue<>();
        PubSubCommands.RedisSubscriber otherInstance = redis.pubsub(String.class)
                .subscribe("chat:local:apartments", message -> {
                    JsonNode node = readTree(message);
                    if (node.at("/reply/chatId").asLong() == chat) {
                        shared.add(node);
                    }
                });
        try {
            BotReply reply = new BotReply("apartments", chat, "Для всех экземпляров", null, null, null, null, null,
                    null);
            KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests",
                    Instant.now(), String.valueOf(chat), json.writeValueAsString(reply)).toRecord(Topics.BOT_REPLIES));
            JsonNode published = shared.poll(20, TimeUnit.SECONDS);
            assertNotNull(published, "the reply was published on chat:local:apartments");
            assertEquals("Для всех экземпляров", published.at("/reply/text").asText());
            LocalChatHub.ChatEvent shownHere = hub.watch("apartments", chat).select()
                    .first(e -> "message".equals(e.kind())).toUni().await().atMost(Duration.ofSeconds(5));
            assertEquals(shownHere.messageId(), published.path("messageId").asLong(),
                    "other instances show it under the same message id");
        } finally {
            otherInstance.unsubscribe();
        }
    }

    /** The gateway (re)subscribes in the background, for instance after another test stopped Redis. */
    private void awaitListeners(String channel) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (redis.execute("PUBSUB", "NUMSUB", channel).get(1).toLong() == 0
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    /** What the page does: server-sent events of one chat, over HTTP. */
    private CompletableFuture<HttpResponse<Stream<String>>> watchPage(String bot, long chat) throws Exception {
        URI events = root.toURI().resolve("/chat/api/" + bot + "/chats/" + chat + "/events");
        return HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(events).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
