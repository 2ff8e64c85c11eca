package kz.tapbot.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotReply;
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
 * Messages the bots hand over on ai.requests are answered once on bot.replies from the FAQ knowledge
 * base, in the user's language, ending with the question the dialog is waiting on; operators edit the base.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class AnswersTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final AtomicLong CHATS = new AtomicLong(7_200_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    private final EventSchemas schemas = new EventSchemas();

    private CloudEvent handOver(long chat, String bot, String text, String language, String pending,
                                List<List<BotReply.Button>> keyboard) throws Exception {
        BotUpdate update = new BotUpdate(bot, CHATS.incrementAndGet(), chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, language), 1L, text, null, null, null, Instant.now());
        AiRequest request = new AiRequest(update, "faq", language, pending == null ? "IDLE" : "ASK_DATE", pending, keyboard);
        String body = json.writeValueAsString(request);
        schemas.assertValid(EventTypes.AI_REQUESTED, body);
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.AI_REQUESTED, "/tests", Instant.now(),
                String.valueOf(chat), body);
    }

    private JsonNode answerTo(TopicProbe replies, long chat) throws Exception {
        ConsumerRecord<String, String> answer = replies.await(r -> r.key().equals(String.valueOf(chat)), 1,
                Duration.ofSeconds(20)).get(0);
        schemas.assertValid(EventTypes.REPLY_REQUESTED, answer.value());
        return json.readTree(answer.value());
    }

    @Test
    void aQuestionInTheMiddleOfABookingIsAnsweredAndThePendingQuestionAskedAgain() throws Exception {
        long chat = CHATS.incrementAndGet();
        List<List<BotReply.Button>> dates = List.of(List.of(new BotReply.Button("Завтра", "date:2026-11-26")));
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            CloudEvent request = handOver(chat, "taxi", "а с собакой в машину пустят?", "ru", "Когда едем?", dates);
            KafkaTestBroker.send(request.toRecord(Topics.AI_REQUESTS));
            JsonNode answer = answerTo(replies, chat);
            assertTrue(answer.get("text").asText().startsWith("В квартирах с отметкой «Можно с животными»"),
                    answer.get("text").asText());
            assertTrue(answer.get("text").asText().endsWith("\n\nКогда едем?"));
            assertEquals("date:2026-11-26", answer.at("/inlineKeyboard/0/0/callbackData").asText());
            assertEquals(request.id(), answer.get("inReplyTo").asText());

            // a redelivered request yields the same reply (same ce_id), which the gateway sends once
            KafkaTestBroker.send(request.toRecord(Topics.AI_REQUESTS));
            List<ConsumerRecord<String, String>> both = replies.await(r -> r.key().equals(String.valueOf(chat)), 2,
                    Duration.ofSeconds(20));
            assertEquals(TopicProbe.header(both.get(0), "ce_id"), TopicProbe.header(both.get(1), "ce_id"));
        }
    }

    @Test
    void answersComeInTheUsersLanguageAndNobodyPretendsToKnowWhatIsNotInTheBase() throws Exception {
        long kazakh = CHATS.incrementAndGet();
        long lost = CHATS.incrementAndGet();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            KafkaTestBroker.send(handOver(kazakh, "apartments", "пәтерге кепілақы керек пе", "kk", null, null)
                    .toRecord(Topics.AI_REQUESTS));
            assertTrue(answerTo(replies, kazakh).get("text").asText().startsWith("Кепілақыны"));
            KafkaTestBroker.send(handOver(lost, "apartments", "qwerty zxcvb", "en", null,
                    List.of(List.of(new BotReply.Button("Find an apartment", "search")))).toRecord(Topics.AI_REQUESTS));
            JsonNode fallback = answerTo(replies, lost);
            assertTrue(fallback.get("text").asText().startsWith("I did not quite get that"), fallback.toString());
            assertEquals("search", fallback.at("/inlineKeyboard/0/0/callbackData").asText());
        }
    }

    @Test
    void operatorsEditTheKnowledgeBaseAndItAnswersAtOnce() throws Exception {
        Map<String, Object> entry = Map.of(
                "question", Map.of("ru", "Есть ли трансфер из аэропорта?", "kk", "Әуежайдан трансфер бар ма?",
                        "en", "Is there an airport transfer?"),
                "answer", Map.of("ru", "Трансфер из аэропорта заказывается у водителя в боте такси.",
                        "kk", "Әуежайдан трансферді такси ботындағы жүргізушіден тапсырыс беріңіз.",
                        "en", "Book an airport transfer with a driver in the taxi bot."),
                "keywords", "аэропорт трансфер встретить самолет airport transfer әуежай");
        given().header("Authorization", TOKEN).contentType("application/json").body(entry).put("/api/faq/airport-transfer")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(200)));
        given().header("Authorization", TOKEN).get("/api/faq").then().statusCode(200).body("key", hasItem("airport-transfer"));
        given().header("Authorization", TOKEN).get("/api/faq/search?q=трансфер из аэропорта").then().statusCode(200)
                .body("[0].entry.key", equalTo("airport-transfer"));
        long chat = CHATS.incrementAndGet();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            KafkaTestBroker.send(handOver(chat, "taxi", "есть трансфер из аэропорта?", "ru", null, null)
                    .toRecord(Topics.AI_REQUESTS));
            assertTrue(answerTo(replies, chat).get("text").asText().startsWith("Трансфер из аэропорта"));
        }
        given().header("Authorization", TOKEN).delete("/api/faq/airport-transfer").then().statusCode(204);
        given().header("Authorization", TOKEN).get("/api/faq/airport-transfer").then().statusCode(404);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("question", Map.of("ru", "только по-русски"), "answer", Map.of("ru", "да")))
                .put("/api/faq/half").then().statusCode(400).body("detail", containsString("ru, kk and en"));
        given().header("Authorization", TOKEN).contentType("application/json").body(entry).put("/api/faq/Bad Key")
                .then().statusCode(400);
        given().get("/api/faq").then().statusCode(401);
    }
}
