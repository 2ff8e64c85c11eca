package kz.tapbot.ai.openai;

import static kz.tapbot.ai.openai.OpenAiProfiles.STUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With OpenAI on: the model answers from the knowledge base; answers are cached; each user is limited. */
@QuarkusTest
@TestProfile(OpenAiProfiles.Limited.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OpenAiAnswersTest {

    @Inject
    ObjectMapper json;

    @Inject
    OpenAiClient client;

    @BeforeEach
    void fresh() {
        STUB.reset();
    }

    @Test
    void theModelAnswersFromTheKnowledgeBaseAndThePendingQuestionFollows() throws Exception {
        long user = HandOverFlow.newUser();
        STUB.replyNext("В такси — по договорённости с водителем.");
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            // a question no earlier run asked, or its answer would come from cache:openai
            HandOverFlow.ask(json, user, "а с собакой в машину пустят? " + user, "Когда едем?");
            String answer = HandOverFlow.answer(json, replies, user, 1).get("text").asText();
            assertEquals("В такси — по договорённости с водителем.\n\nКогда едем?", answer);
        }
        var call = STUB.calls(c -> c.path().endsWith("/chat/completions")).get(0);
        assertEquals("а с собакой в машину пустят? " + user, call.lastUserMessage());
        assertTrue(call.prompt().contains("по договорённости с водителем, предупредите его заранее"),
                "grounded in the knowledge base's pets entry: " + call.prompt());
    }

    @Test
    void theSamePromptIsAnsweredFromTheCacheWithoutCallingTheApi() {
        String system = "cache test " + System.nanoTime();
        String first = client.chat(system, "Сколько стоит место до Астаны?");
        String second = client.chat(system, "Сколько стоит место до Астаны?");
        assertEquals(first, second);
        assertEquals(1, STUB.calls(c -> c.prompt().contains(system)).size(), "the second answer came from cache:openai");
        client.chat(system, "А до Караганды?");
        assertEquals(2, STUB.calls(c -> c.prompt().contains(system)).size(), "another prompt is asked anew");
    }

    @Test
    void aUserOverTheLimitGetsAPoliteWordWithoutAModelCall() throws Exception {
        long user = HandOverFlow.newUser();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            for (int i = 1; i <= 4; i++) {
                HandOverFlow.ask(json, user, "вопрос номер " + i + " про залог " + System.nanoTime(), null);
            }
            int polite = 0;
            for (int i = 1; i <= 4; i++) {
                polite += HandOverFlow.answer(json, replies, user, i).get("text").asText().startsWith("Вы задаёте вопросы")
                        ? 1 : 0;
            }
            assertEquals(1, polite, "three per minute, the fourth is told to wait");
        }
        assertEquals(3, STUB.calls(c -> c.lastUserMessage().startsWith("вопрос номер")).size());
    }
}
