package kz.tapbot.taxi;

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
import kz.tapbot.events.BotMessage;
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

/** The taxi dialog behind Kafka: bot.messages in, bot.replies out through the outbox, exactly once. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TaxiBotMessagesTest {

    private static final AtomicLong CHATS = new AtomicLong(8_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    private final EventSchemas schemas = new EventSchemas();

    private CloudEvent message(String bot, long chat, String text) throws Exception {
        BotUpdate update = new BotUpdate(bot, chat, chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), 1L, text, null, null, null, Instant.now());
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru", Map.of())));
    }

    private static TopicProbe replies() {
        return TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES);
    }

    private static boolean forChat(ConsumerRecord<String, String> record, long chat) {
        return String.valueOf(chat).equals(record.key());
    }

    @Test
    void startIsAnsweredOnBotRepliesWithAValidReply() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent start = message("taxi", chat, "/start");
        try (TopicProbe replies = replies()) {
            KafkaTestBroker.send(start.toRecord(Topics.BOT_MESSAGES));
            ConsumerRecord<String, String> record = replies.await(r -> forChat(r, chat), 1, Duration.ofSeconds(20)).get(0);
            assertEquals(EventTypes.REPLY_REQUESTED, TopicProbe.header(record, "ce_type"));
            assertEquals("/tapbot/taxi-service", TopicProbe.header(record, "ce_source"));
            schemas.assertValid(EventTypes.REPLY_REQUESTED, record.value());
            JsonNode reply = json.readTree(record.value());
            assertTrue(reply.get("text").asText().startsWith("Здравствуйте, Dana!"));
            assertEquals(start.id(), reply.get("inReplyTo").asText());
        }
    }

    @Test
    void aRedeliveredMessageIsAnsweredOnce() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent help = message("taxi", chat, "/help");
        try (TopicProbe replies = replies()) {
            KafkaTestBroker.send(help.toRecord(Topics.BOT_MESSAGES));
            KafkaTestBroker.send(help.toRecord(Topics.BOT_MESSAGES));
            replies.await(r -> forChat(r, chat), 1, Duration.ofSeconds(20));
            assertEquals(1, replies.drain(Duration.ofSeconds(3)).stream().filter(r -> forChat(r, chat)).count());
        }
    }

    @Test
    void messagesOfTheApartmentBotAreLeftToItsOwnService() throws Exception {
        long chat = CHATS.incrementAndGet();
        try (TopicProbe replies = replies()) {
            KafkaTestBroker.send(message("apartments", chat, "/start").toRecord(Topics.BOT_MESSAGES));
            assertTrue(replies.drain(Duration.ofSeconds(3)).stream().noneMatch(r -> forChat(r, chat)));
        }
    }

    @Test
    void anUnreadableMessageGoesToTheDeadLetterTopicWithTheReason() {
        long chat = CHATS.incrementAndGet();
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES_DLQ)) {
            CloudEvent broken = new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                    Instant.now(), String.valueOf(chat), "{\"update\": 42}");
            KafkaTestBroker.send(broken.toRecord(Topics.BOT_MESSAGES));
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> forChat(r, chat), 1, Duration.ofSeconds(20));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("BotMessage"));
        }
    }
}
