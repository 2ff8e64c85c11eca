package kz.tapbot.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class UpdatesToMessagesTest {

    private static final AtomicLong CHATS = new AtomicLong(7_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    private final EventSchemas schemas = new EventSchemas();

    private CloudEvent updateEvent(long chat, String text, String language) throws Exception {
        BotUpdate update = new BotUpdate("taxi", chat, chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, language), 1L, text, null, null, null, Instant.now());
        return new CloudEvent(EventIds.ofTelegramUpdate("taxi", chat), EventTypes.UPDATE_RECEIVED, "/tests",
                Instant.now(), String.valueOf(chat), json.writeValueAsString(update));
    }

    private static boolean forChat(ConsumerRecord<String, String> record, long chat) {
        return String.valueOf(chat).equals(record.key());
    }

    @Test
    void everyUpdateIsForwardedAsAnUnderstoodMessageAndKeptInTheHistory() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent update = updateEvent(chat, "Сәлем! Ертең Астанаға", "kk");
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            KafkaTestBroker.send(update.toRecord(Topics.BOT_UPDATES));
            ConsumerRecord<String, String> record = messages.await(r -> forChat(r, chat), 1, Duration.ofSeconds(20)).get(0);

            assertEquals(EventTypes.MESSAGE_UNDERSTOOD, TopicProbe.header(record, "ce_type"));
            assertEquals(EventIds.derived(update.id(), "understood"), TopicProbe.header(record, "ce_id"));
            schemas.assertValid(EventTypes.MESSAGE_UNDERSTOOD, record.value());
            JsonNode message = json.readTree(record.value());
            assertEquals("taxi.book", message.get("intent").asText());
            assertEquals("kk", message.get("language").asText());
            assertEquals("Astana", message.at("/entities/to_city").asText());
            assertEquals(java.time.LocalDate.now(java.time.ZoneId.of("Asia/Almaty")).plusDays(1).toString(),
                    message.at("/entities/date").asText());
            assertEquals("Сәлем! Ертең Астанаға", message.at("/update/text").asText());
        }
        assertEquals(List.of("in:Сәлем! Ертең Астанаға"), history(chat));
    }

    @Test
    void aButtonPressPassesThroughWithoutBeingParsed() throws Exception {
        long chat = CHATS.incrementAndGet();
        BotUpdate press = new BotUpdate("apartments", chat, chat, BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, "Dana", null, null, "en"), 1L, null,
                new BotUpdate.Callback("cb-1", "city:Almaty", 1L), null, null, Instant.now());
        CloudEvent event = new CloudEvent(EventIds.ofTelegramUpdate("apartments", chat), EventTypes.UPDATE_RECEIVED,
                "/tests", Instant.now(), String.valueOf(chat), json.writeValueAsString(press));
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            KafkaTestBroker.send(event.toRecord(Topics.BOT_UPDATES));
            JsonNode message = json.readTree(messages.await(r -> forChat(r, chat), 1, Duration.ofSeconds(20)).get(0).value());
            assertEquals("unknown", message.get("intent").asText());
            assertEquals("en", message.get("language").asText());
            assertEquals("city:Almaty", message.at("/update/callback/data").asText());
        }
    }

    @Test
    void aRedeliveredUpdateIsStoredOnceAndForwardedWithTheSameId() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent update = updateEvent(chat, "/start", "ru");
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES)) {
            KafkaTestBroker.send(update.toRecord(Topics.BOT_UPDATES));
            KafkaTestBroker.send(update.toRecord(Topics.BOT_UPDATES));
            List<ConsumerRecord<String, String>> forwarded = messages.await(r -> forChat(r, chat), 2, Duration.ofSeconds(20));
            assertEquals(TopicProbe.header(forwarded.get(0), "ce_id"), TopicProbe.header(forwarded.get(1), "ce_id"));
        }
        assertEquals(1, history(chat).size());
    }

    @Test
    void repliesAreKeptInTheHistory() throws Exception {
        long chat = CHATS.incrementAndGet();
        BotReply reply = new BotReply("taxi", chat, "Здравствуйте!", null, null, null, null, null, null);
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests",
                Instant.now(), String.valueOf(chat), json.writeValueAsString(reply));
        KafkaTestBroker.send(event.toRecord(Topics.BOT_REPLIES));
        long deadline = System.currentTimeMillis() + 20_000;
        while (history(chat).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of("out:Здравствуйте!"), history(chat));
    }

    @Test
    void repliesPolledTogetherAreStoredOnceEachAndOnlyTheRefusedOnesGoToTheDeadLetterTopic() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent first = replyEvent(chat, "Поездка Алматы - Астана, 1 место");
        CloudEvent notAReply = new CloudEvent(UUID.randomUUID().toString(), "kz.tapbot.something.else.v1", "/tests",
                Instant.now(), String.valueOf(chat), "{}");
        // PostgreSQL refuses a NUL in a text (SQLSTATE 22021): the record itself is at fault, not the database
        CloudEvent refused = replyEvent(chat, "bad \u0000 text");
        CloudEvent second = replyEvent(chat, "Водитель: Арман, +77011234567");
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES_DLQ)) {
            for (CloudEvent event : List.of(first, notAReply, first, refused, second)) {
                KafkaTestBroker.send(event.toRecord(Topics.BOT_REPLIES));
            }
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> forChat(r, chat), 2, Duration.ofSeconds(20));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("unexpected ce_type"));
            assertTrue(TopicProbe.header(dead.get(1), "dead-letter-reason").contains("SQLSTATE 22021"),
                    TopicProbe.header(dead.get(1), "dead-letter-reason"));
            assertEquals(refused.id(), TopicProbe.header(dead.get(1), "ce_id"));
        }
        long deadline = System.currentTimeMillis() + 20_000;
        while (history(chat).size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(List.of("out:Поездка Алматы - Астана, 1 место", "out:Водитель: Арман, +7701***4567"),
                history(chat));
    }

    private CloudEvent replyEvent(long chat, String text) throws Exception {
        BotReply reply = new BotReply("taxi", chat, text, null, null, null, null, null, null);
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(reply));
    }

    @Test
    void updatesPolledTogetherAreForwardedInTheirOrderAndOnlyTheRefusedOnesGoToTheDeadLetterTopic() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent first = updateEvent(chat, 1, "/start");
        CloudEvent notAnUpdate = new CloudEvent(UUID.randomUUID().toString(), "kz.tapbot.something.else.v1", "/tests",
                Instant.now(), String.valueOf(chat), "{}");
        // PostgreSQL refuses a NUL in a text (SQLSTATE 22021): the update itself is at fault, not the database
        CloudEvent refused = updateEvent(chat, 2, "bad \u0000 text");
        CloudEvent second = updateEvent(chat, 3, "такси из Алматы в Астану завтра");
        CloudEvent third = updateEvent(chat, 4, "+77011234567");
        try (TopicProbe messages = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_MESSAGES);
             TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES_DLQ)) {
            KafkaTestBroker.sendTogether(List.of(first, notAnUpdate, refused, second, first, third).stream()
                    .map(event -> event.toRecord(Topics.BOT_UPDATES)).toList());
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> forChat(r, chat), 2, Duration.ofSeconds(20));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("unexpected ce_type"));
            assertTrue(TopicProbe.header(dead.get(1), "dead-letter-reason").contains("SQLSTATE 22021"),
                    TopicProbe.header(dead.get(1), "dead-letter-reason"));
            assertEquals(refused.id(), TopicProbe.header(dead.get(1), "ce_id"));
            // the repeat of the first is forwarded again with the same id (consumers drop it), in its place
            List<String> forwarded = messages.await(r -> forChat(r, chat), 4, Duration.ofSeconds(20)).stream()
                    .map(r -> TopicProbe.header(r, "ce_id")).toList();
            assertEquals(List.of(first, second, first, third).stream()
                    .map(e -> EventIds.derived(e.id(), "understood")).toList(), forwarded);
        }
        assertEquals(List.of("in:/start", "in:такси из Алматы в Астану завтра", "in:+7701***4567"), history(chat));
    }

    private CloudEvent updateEvent(long chat, long updateId, String text) throws Exception {
        BotUpdate update = new BotUpdate("taxi", chat, chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), updateId, text, null, null, null, Instant.now());
        return new CloudEvent(EventIds.ofTelegramUpdate("taxi", chat * 100 + updateId), EventTypes.UPDATE_RECEIVED,
                "/tests", Instant.now(), String.valueOf(chat), json.writeValueAsString(update));
    }

    @Test
    void anUnreadableUpdateGoesToTheDeadLetterTopicWithTheReason() {
        long chat = CHATS.incrementAndGet();
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES_DLQ)) {
            CloudEvent wrongType = new CloudEvent(UUID.randomUUID().toString(), "kz.tapbot.something.else.v1", "/tests",
                    Instant.now(), String.valueOf(chat), "{}");
            KafkaTestBroker.send(wrongType.toRecord(Topics.BOT_UPDATES));
            KafkaTestBroker.send(new ProducerRecord<>(Topics.BOT_UPDATES, String.valueOf(chat), "{not json"));
            List<ConsumerRecord<String, String>> dead = dlq.await(r -> forChat(r, chat), 2, Duration.ofSeconds(20));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("unexpected ce_type"));
            assertTrue(TopicProbe.header(dead.get(1), "dead-letter-reason").contains("ce_id"));
        }
    }

    /** The chat's history as stored; the replies of one batch share their transaction's stored_at. */
    private List<String> history(long chat) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT direction, text FROM ai.dialog_message WHERE chat_id = "
                     + chat + " ORDER BY stored_at, occurred_at")) {
            List<String> lines = new java.util.ArrayList<>();
            while (rows.next()) {
                lines.add(rows.getString(1) + ":" + rows.getString(2));
            }
            return lines;
        }
    }
}
