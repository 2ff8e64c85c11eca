package kz.tapbot.ai.openai;

import static kz.tapbot.ai.openai.OpenAiProfiles.STUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * With OpenAI on, the model reads free text and the embedded parser's rules check its answer; when the
 * model fails, the embedded parser reads it; a slow model call for one chat holds up no other chat.
 */
@QuarkusTest
@TestProfile(OpenAiProfiles.Limited.class)
@QuarkusTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiUnderstandingTest {

    @Inject
    ObjectMapper json;

    private void write(long chat, String text) throws Exception {
        BotUpdate update = new BotUpdate("taxi", HandOverFlow.newUser(), chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), 1L, text, null, null, null, Instant.now());
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(update)).toRecord(Topics.BOT_UPDATES));
    }

    private JsonNode understood(TopicProbe messages, long chat) throws Exception {
        return json.readTree(messages.await(r -> r.key().equals(String.valueOf(chat)), 1, Duration.ofSeconds(30))
                .get(0).value());
    }

    @Test
    @Order(1)
    void theModelReadsTheTextAndTheRulesCheckWhatItSays() throws Exception {
        STUB.reset();
        long chat = HandOverFlow.newUser();
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(1).toString();
        STUB.replyNext("""
                {"intent": "taxi.book", "language": "ru", "entities": {"from_city": "алматы", "to_city": "Astana",
                 "city": null, "date": "%s", "time": "25:99", "seats": 2, "phone": "8 701 123 45 67", "check_in": null,
                 "check_out": null, "guests": null, "budget_max": null, "amenities": ["pets", "jacuzzi"]}}
                """.formatted(tomorrow));
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            // a text no earlier run wrote today, or the model's reading would come from cache:openai
            write(chat, "мне бы завтра с алматы до астаны вдвоем с собакой, тел 87011234567, заявка " + chat);
            JsonNode message = understood(messages, chat);
            assertEquals("taxi.book", message.get("intent").asText());
            JsonNode entities = message.get("entities");
            assertEquals("Almaty", entities.get("from_city").asText(), "normalised to the canonical name");
            assertEquals(tomorrow, entities.get("date").asText());
            assertEquals("+77011234567", entities.get("phone").asText());
            assertEquals(List.of("pets"), json.convertValue(entities.get("amenities"), List.class), "unknown amenities dropped");
            assertTrue(entities.get("time") == null, "an impossible time is dropped");
        }
        var call = STUB.calls(c -> c.path().endsWith("/chat/completions")).get(0);
        assertEquals("json_schema", call.body().at("/response_format/type").asText(), "structured output");
    }

    @Test
    @Order(2)
    void aSlowModelCallForOneChatHoldsUpNoChatOfAnotherPartition() throws Exception {
        STUB.reset();
        long slow = HandOverFlow.newUser();
        long fast = HandOverFlow.newUser();
        while (partition(fast) == partition(slow)) {
            fast = HandOverFlow.newUser();
        }
        STUB.slowFor("медленно", Duration.ofMillis(2500));
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            write(slow, "медленно: такси из Караганды в Астану " + slow);
            Thread.sleep(300);
            write(fast, "такси из Шымкента в Тараз " + fast);
            long slowChat = slow;
            long fastChat = fast;
            List<ConsumerRecord<String, String>> both = messages.await(r -> r.key().equals(String.valueOf(slowChat))
                    || r.key().equals(String.valueOf(fastChat)), 2, Duration.ofSeconds(30));
            assertEquals(String.valueOf(fast), both.get(0).key(), "the other chat's message went through first");
        }
    }

    @Test
    @Order(3)
    void whenTheModelFailsTheEmbeddedParserReadsTheText() throws Exception {
        STUB.reset();
        STUB.alwaysFail(true);
        long chat = HandOverFlow.newUser();
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            write(chat, "такси из Павлодара в Экибастуз на троих");
            JsonNode message = understood(messages, chat);
            assertEquals("taxi.book", message.get("intent").asText());
            assertEquals("Pavlodar", message.at("/entities/from_city").asText());
            assertEquals(3, message.at("/entities/seats").asInt());
        } finally {
            STUB.alwaysFail(false);
        }
        assertNotEquals(0, STUB.calls(c -> c.lastUserMessage().startsWith("такси из Павлодара")).size(),
                "the model was asked first");
    }

    private static int partition(long chat) {
        return Utils.toPositive(Utils.murmur2(String.valueOf(chat).getBytes(StandardCharsets.UTF_8))) % 3;
    }
}
