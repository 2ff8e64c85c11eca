package kz.tapbot.ai.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;

/** Hands a question over on ai.requests as a bot would, and reads the answer back from bot.replies. */
final class HandOverFlow {

    private static final AtomicLong IDS = new AtomicLong(7_300_000_000L + System.currentTimeMillis() % 1_000_000 * 10);

    private HandOverFlow() {
    }

    static long newUser() {
        return IDS.incrementAndGet();
    }

    static void ask(ObjectMapper json, long user, String question, String pending) throws Exception {
        BotUpdate update = new BotUpdate("taxi", IDS.incrementAndGet(), user, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(user, "Dana", null, null, "ru"), 1L, question, null, null, null, Instant.now());
        AiRequest request = new AiRequest(update, "faq", "ru", pending == null ? "IDLE" : "ASK_DATE", pending, null);
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.AI_REQUESTED, "/tests", Instant.now(),
                String.valueOf(user), json.writeValueAsString(request)).toRecord(Topics.AI_REQUESTS));
    }

    static JsonNode answer(ObjectMapper json, TopicProbe replies, long user, int nth) throws Exception {
        return json.readTree(replies.await(r -> r.key().equals(String.valueOf(user)), nth, Duration.ofSeconds(30))
                .get(nth - 1).value());
    }
}
