package kz.tapbot.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.gateway.localchat.LocalChatHub;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The local web chat (apartments runs in local mode here): locations go in, photos come out. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class LocalChatTest {

    private static final AtomicLong CHATS = new AtomicLong(6_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    @Inject
    LocalChatHub hub;

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
}
