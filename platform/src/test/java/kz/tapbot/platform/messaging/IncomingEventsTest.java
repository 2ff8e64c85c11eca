package kz.tapbot.platform.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Set;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class IncomingEventsTest {

    private static final String UPDATE = """
            {"bot": "taxi", "updateId": 1, "chatId": 42, "kind": "message", "user": {"id": 42}, "text": "hi",
             "sentAt": "2026-11-26T10:00:00Z"}""";

    private final IncomingEvents incoming = new IncomingEvents(new ObjectMapper().findAndRegisterModules());

    private static ConsumerRecord<String, String> record(String topic, String type, String data) {
        ConsumerRecord<String, String> record = new ConsumerRecord<>(topic, 0, 0, "42", data);
        new CloudEvent("id-1", type, "/tests", Instant.now(), "42", data).toRecord(topic).headers()
                .forEach(header -> record.headers().add(header));
        return record;
    }

    private String reason(String topic, String type, String data, Class<?> dataType) {
        return assertThrows(MalformedEventException.class,
                () -> incoming.read(record(topic, type, data), type, dataType)).getMessage();
    }

    @Test
    void anEventWithoutAFieldItsSchemaRequiresIsMalformedAndTheReasonNamesTheField() {
        assertEquals("data is not a BotMessage: missing update",
                reason(Topics.BOT_MESSAGES, EventTypes.MESSAGE_UNDERSTOOD, "{}", BotMessage.class));
        String noChat = UPDATE.replace("\"chatId\": 42, ", "");
        assertEquals("data is not a BotMessage: missing update.chatId", reason(Topics.BOT_MESSAGES,
                EventTypes.MESSAGE_UNDERSTOOD, "{\"update\": " + noChat + ", \"intent\": \"unknown\", \"confidence\": 0,"
                        + " \"language\": \"ru\", \"entities\": {}}", BotMessage.class));
        assertEquals("data is not a BotMessage: update.user is not an object", reason(Topics.BOT_MESSAGES,
                EventTypes.MESSAGE_UNDERSTOOD, "{\"update\": " + UPDATE.replace("{\"id\": 42}", "7")
                        + ", \"intent\": \"unknown\", \"confidence\": 0, \"language\": \"ru\", \"entities\": {}}",
                BotMessage.class));
        assertTrue(reason(Topics.BOT_REPLIES, EventTypes.REPLY_REQUESTED, "{\"bot\": \"taxi\", \"chatId\": 42}",
                BotReply.class).contains("missing text or missing callbackQueryId"));
        assertEquals("data is not a BotMessage: data is not an object",
                reason(Topics.BOT_MESSAGES, EventTypes.MESSAGE_UNDERSTOOD, "[1, 2]", BotMessage.class));
    }

    @Test
    void aCompleteEventIsRead() {
        BotMessage message = incoming.read(record(Topics.BOT_MESSAGES, EventTypes.MESSAGE_UNDERSTOOD, "{\"update\": "
                + UPDATE + ", \"intent\": \"unknown\", \"confidence\": 0, \"language\": \"ru\", \"entities\": {}}"),
                EventTypes.MESSAGE_UNDERSTOOD, BotMessage.class).data();
        assertEquals(42, message.update().chatId());
    }

    @Test
    void aConsumerOfEveryTypeOfATopicRefusesAnUnknownTypeAndAnIncompleteBooking() {
        Set<String> bookings = Set.of(EventTypes.TAXI_BOOKING_CONFIRMED);
        assertTrue(assertThrows(MalformedEventException.class, () -> incoming.readAny(
                record(Topics.TAXI_BOOKINGS, "kz.tapbot.something.else.v1", "{}"), bookings)).getMessage()
                .contains("unexpected ce_type kz.tapbot.something.else.v1"));
        assertTrue(assertThrows(MalformedEventException.class, () -> incoming.readAny(
                record(Topics.TAXI_BOOKINGS, EventTypes.TAXI_BOOKING_CONFIRMED, "{\"status\": \"confirmed\"}"), bookings))
                .getMessage().contains("missing bookingId"));
    }
}
