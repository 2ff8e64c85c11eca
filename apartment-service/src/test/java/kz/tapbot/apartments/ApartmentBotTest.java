package kz.tapbot.apartments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.apartments.dialog.ApartmentDialog;
import kz.tapbot.events.BotMessage;
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

/** The apartment bot answers its own messages on bot.replies, and leaves the taxi bot's alone. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ApartmentBotTest {

    private static final AtomicLong CHATS = new AtomicLong(9_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    private static BotMessage message(String bot, long chat, BotUpdate.Callback press, String text, String language) {
        BotUpdate update = new BotUpdate(bot, chat, chat, press == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, "Arman", null, null, language), 3L, text, press, null, null, Instant.now());
        return new BotMessage(update, "unknown", 0, language, Map.of());
    }

    private void send(BotMessage message) throws Exception {
        KafkaTestBroker.send(new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                Instant.now(), String.valueOf(message.update().chatId()), json.writeValueAsString(message))
                .toRecord(Topics.BOT_MESSAGES));
    }

    @Test
    void startAndAButtonPressAreAnsweredAndTheTaxiBotsMessagesAreNot() throws Exception {
        long chat = CHATS.incrementAndGet();
        long taxiChat = CHATS.incrementAndGet();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            send(message("apartments", chat, null, "/start", "en"));
            send(message("apartments", chat, new BotUpdate.Callback("cb-7", "search", 3L), null, "en"));
            send(message("taxi", taxiChat, null, "/start", "en"));
            var answers = replies.await(r -> String.valueOf(chat).equals(r.key()), 2, Duration.ofSeconds(20));
            for (ConsumerRecord<String, String> answer : answers) {
                new EventSchemas().assertValid(EventTypes.REPLY_REQUESTED, answer.value());
            }
            JsonNode welcome = json.readTree(answers.get(0).value());
            JsonNode search = json.readTree(answers.get(1).value());
            assertTrue(welcome.get("text").asText().startsWith("Hello, Arman!"));
            assertEquals("cb-7", search.get("callbackQueryId").asText());
            assertTrue(replies.drain(Duration.ofSeconds(2)).stream().noneMatch(r -> String.valueOf(taxiChat).equals(r.key())));
        }
    }

    @Test
    void theDialogSpeaksKazakhAndRussian() {
        ApartmentDialog dialog = new ApartmentDialog();
        BotReply kk = dialog.answer(message("apartments", 1, null, "/help", "kk")).get(0);
        BotReply ru = dialog.answer(message("apartments", 1, null, "что-то непонятное", "ru")).get(0);
        assertTrue(kk.text().startsWith("Командалар:"));
        assertTrue(ru.text().startsWith("Пока я понимаю"));
    }
}
