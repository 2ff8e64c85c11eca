package kz.tapbot.ai.openai;

import static kz.tapbot.ai.openai.OpenAiProfiles.STUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/** Over the global budget, work waits in queue:ai:requests and nothing is lost, even across a restart. */
@QuarkusTest
@TestProfile(OpenAiProfiles.Budgeted.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OpenAiQueueTest {

    @Inject
    ObjectMapper json;

    @Inject
    RequestQueue queue;

    @Inject
    RedisDataSource redis;

    @Test
    void requestsOverTheBudgetWaitInTheRedisQueueAndAreAllAnswered() throws Exception {
        STUB.reset();
        long[] users = {HandOverFlow.newUser(), HandOverFlow.newUser(), HandOverFlow.newUser()};
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            for (long user : users) {
                HandOverFlow.ask(json, user, "сколько стоит место до Астаны " + user, null);
            }
            long deadline = System.currentTimeMillis() + 5_000;
            long waitingSeen = 0;
            while (System.currentTimeMillis() < deadline && waitingSeen == 0) {
                waitingSeen = queue.waiting();
                Thread.sleep(50);
            }
            assertTrue(waitingSeen >= 1, "one call per 3 s: the others wait in queue:ai:requests");
            for (long user : users) {
                assertTrue(HandOverFlow.answer(json, replies, user, 1).get("text").asText().startsWith("Stub: "));
            }
        }
        assertEquals(3, STUB.calls(c -> c.lastUserMessage().startsWith("сколько стоит место до Астаны")).size());
    }

    @Test
    void whatAStoppedInstanceWasWorkingOnIsPutBackAndAnswered() throws Exception {
        long user = HandOverFlow.newUser();
        String item = "{\"eventId\":\"recovered-" + user + "\",\"request\":{\"update\":{\"bot\":\"taxi\",\"updateId\":1,"
                + "\"chatId\":" + user + ",\"kind\":\"message\",\"user\":{\"id\":" + user + ",\"firstName\":\"Dana\"},"
                + "\"text\":\"остался в работе\",\"sentAt\":\"2026-11-25T10:00:00Z\"},\"intent\":\"faq\",\"language\":\"ru\","
                + "\"step\":\"IDLE\"}}";
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            redis.list(String.class).lpush(RequestQueue.PROCESSING, item);
            assertEquals(1, queue.recover());
            assertEquals("Stub: остался в работе", HandOverFlow.answer(json, replies, user, 1).get("text").asText());
        }
        assertEquals(0, redis.list(String.class).llen(RequestQueue.PROCESSING));
    }
}
