package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
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
import kz.tapbot.testing.HeldEvent;
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

    @Inject
    AgroalDataSource dataSource;

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

    /**
     * Chat A's message waits on PostgreSQL (its event id held by an open transaction of the test, so the service's
     * insert of it into processed_event waits); chat B, on another partition of bot.messages, is answered meanwhile.
     * With one consumer for the whole service (as it was), B waited behind A.
     */
    @Test
    void aMessageWaitingOnPostgresHoldsUpNoChatOfAnotherPartition() throws Exception {
        long a = CHATS.incrementAndGet();
        long b = CHATS.incrementAndGet();
        while (partitionOf(b) == partitionOf(a)) {
            b = CHATS.incrementAndGet();
        }
        long other = b;
        CloudEvent held = message("taxi", a, "/start");
        try (TopicProbe replies = replies();
             HeldEvent hold = HeldEvent.hold(dataSource, "taxi", held.id())) {
            KafkaTestBroker.send(held.toRecord(Topics.BOT_MESSAGES));
            KafkaTestBroker.send(message("taxi", other, "/start").toRecord(Topics.BOT_MESSAGES));
            replies.await(r -> forChat(r, other), 1, Duration.ofSeconds(20));
            assertTrue(replies.drain(Duration.ZERO).stream().noneMatch(r -> forChat(r, a)), "A still waits");
            hold.release();
            replies.await(r -> forChat(r, a), 1, Duration.ofSeconds(20));
        }
    }

    private static int partitionOf(long chat) {
        return TopicProbe.partitionOf(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES, String.valueOf(chat));
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
