package kz.tapbot.ai.openai;

import static kz.tapbot.ai.openai.OpenAiProfiles.STUB;
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
import org.junit.jupiter.api.Test;

/** A failing OpenAI costs nothing but the model: answers come from the embedded path, and the circuit opens. */
@QuarkusTest
@TestProfile(OpenAiProfiles.Failing.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OpenAiFallbackTest {

    @Inject
    ObjectMapper json;

    @Test
    void whenTheApiKeepsFailingTheEmbeddedAnswerIsGivenAndTheApiIsLeftAlone() throws Exception {
        STUB.reset();
        STUB.alwaysFail(true);
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            for (int i = 0; i < 8; i++) {
                long user = HandOverFlow.newUser();
                HandOverFlow.ask(json, user, "нужен ли залог за квартиру? " + i, null);
                String answer = HandOverFlow.answer(json, replies, user, 1).get("text").asText();
                assertTrue(answer.startsWith("Залог берёт не каждый хозяин"), "the knowledge base's own entry: " + answer);
            }
        } finally {
            STUB.alwaysFail(false);
        }
        int calls = STUB.calls(c -> c.lastUserMessage().startsWith("нужен ли залог")).size();
        assertTrue(calls <= 4, "after 4 failures the circuit is open and the API is not called: " + calls + " calls");
    }
}
