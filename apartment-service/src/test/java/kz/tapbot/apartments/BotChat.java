package kz.tapbot.apartments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.apartments.dialog.ApartmentDialog;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * People chatting with the apartment bot over Kafka: each message goes to bot.messages as ai-service
 * would send it, and the bot's answer to it is read back from bot.replies (schema-checked).
 */
final class BotChat {

    private static final AtomicLong IDS = new AtomicLong(9_000_000_000L + System.currentTimeMillis() % 1_000_000 * 10);

    private final ObjectMapper json;
    private final TopicProbe replies;
    private final EventSchemas schemas = new EventSchemas();
    private CloudEvent last;

    BotChat(ObjectMapper json, TopicProbe replies) {
        this.json = json;
        this.replies = replies;
    }

    /** A chat id (and Telegram user id) no earlier run used. */
    static long newChat() {
        return IDS.incrementAndGet();
    }

    JsonNode say(long chat, String text) throws Exception {
        return exchange(chat, text, null);
    }

    JsonNode press(long chat, String button) throws Exception {
        return exchange(chat, null, button);
    }

    /** The next message to a chat starting with these words, whatever caused it (a notification). */
    JsonNode notified(long chat, String startsWith) throws Exception {
        ConsumerRecord<String, String> record = replies.await(r -> r.key().equals(String.valueOf(chat))
                && String.valueOf(field(r, "text")).startsWith(startsWith), 1, Duration.ofSeconds(30)).get(0);
        return json.readTree(record.value());
    }

    /** Delivers the last message again, as Kafka may after a rebalance. */
    void redeliverLast() {
        KafkaTestBroker.send(last.toRecord(Topics.BOT_MESSAGES));
    }

    static String button(JsonNode reply, String prefix) {
        for (JsonNode row : reply.path("inlineKeyboard")) {
            for (JsonNode b : row) {
                if (b.path("callbackData").asText().startsWith(prefix)) {
                    return b.path("callbackData").asText();
                }
            }
        }
        throw new AssertionError("no button " + prefix + " in " + reply);
    }

    /** Sends one message and returns the first reply with a text that answers it. */
    private JsonNode exchange(long chat, String text, String button) throws Exception {
        BotUpdate update = new BotUpdate(ApartmentDialog.BOT, IDS.incrementAndGet(), chat,
                button == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, "Гость " + chat % 1000, null, null, "ru"), 7L, text,
                button == null ? null : new BotUpdate.Callback("cb-" + UUID.randomUUID(), button, 7L), null, null,
                Instant.now(), null);
        String id = UUID.randomUUID().toString();
        last = new CloudEvent(id, EventTypes.MESSAGE_UNDERSTOOD, "/tests", Instant.now(), String.valueOf(chat),
                json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru", Map.of())));
        KafkaTestBroker.send(last.toRecord(Topics.BOT_MESSAGES));
        ConsumerRecord<String, String> answer = replies.await(r -> r.key().equals(String.valueOf(chat))
                && id.equals(field(r, "inReplyTo")) && field(r, "text") != null, 1, Duration.ofSeconds(30)).get(0);
        schemas.assertValid(EventTypes.REPLY_REQUESTED, answer.value());
        return json.readTree(answer.value());
    }

    private String field(ConsumerRecord<String, String> record, String name) {
        try {
            JsonNode value = json.readTree(record.value()).get(name);
            return value == null || value.isNull() ? null : value.asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
