package kz.tapbot.events;

import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.tapbot.testing.EventSchemas;
import org.junit.jupiter.api.Test;

class EventContractsTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final EventSchemas schemas = new EventSchemas();

    private static BotUpdate textUpdate() {
        return new BotUpdate(Bots.TAXI, 10, 42, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(42, "Aigerim", null, "aigerim", "kk"), 7L, "/start", null, null, null,
                Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void everyKindOfUpdateMatchesItsSchema() throws Exception {
        schemas.assertValid(EventTypes.UPDATE_RECEIVED, json.writeValueAsString(textUpdate()));
        BotUpdate press = new BotUpdate(Bots.APARTMENTS, 11, 42, BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(42, "Aigerim", "Nur", null, "ru"), 8L, null,
                new BotUpdate.Callback("cb-1", "help", 8L), null, null, Instant.now());
        schemas.assertValid(EventTypes.UPDATE_RECEIVED, json.writeValueAsString(press));
        BotUpdate contact = new BotUpdate(Bots.TAXI, 12, 42, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(42, "A", null, null, null), 9L, null, null,
                new BotUpdate.Contact("+77011234567", 42L, "A"), new BotUpdate.Location(43.25, 76.95), Instant.now());
        schemas.assertValid(EventTypes.UPDATE_RECEIVED, json.writeValueAsString(contact));
    }

    @Test
    void understoodMessageMatchesItsSchema() throws Exception {
        BotMessage message = new BotMessage(textUpdate(), "taxi.book", 0.9, "ru",
                Map.of("from_city", "Almaty", "to_city", "Astana", "date", "2026-11-26", "seats", 2));
        schemas.assertValid(EventTypes.MESSAGE_UNDERSTOOD, json.writeValueAsString(message));
    }

    @Test
    void replyWithKeyboardMatchesItsSchema() throws Exception {
        BotReply reply = new BotReply(Bots.TAXI, 42, "Hello", List.of(List.of(new BotReply.Button("Help", "help"))),
                null, null, "cb-1", null, "event-1");
        schemas.assertValid(EventTypes.REPLY_REQUESTED, json.writeValueAsString(reply));
    }

    @Test
    void aHandedOverMessageMatchesItsSchema() throws Exception {
        AiRequest request = new AiRequest(textUpdate(), "faq", "ru", "ASK_DATE", "Когда едем?",
                List.of(List.of(new BotReply.Button("Завтра", "date:2026-11-26"))));
        schemas.assertValid(EventTypes.AI_REQUESTED, json.writeValueAsString(request));
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.AI_REQUESTED,
                json.writeValueAsString(new AiRequest(textUpdate(), "faq", "de", "IDLE", null, null))));
    }

    @Test
    void anErasureMatchesItsSchemaAndCarriesNoPersonalData() throws Exception {
        schemas.assertValid(EventTypes.USER_ERASED, json.writeValueAsString(
                new UserErased(42, UserErased.BY_USER, Bots.TAXI, Instant.parse("2026-11-25T10:00:00Z"))));
        schemas.assertValid(EventTypes.USER_ERASED, json.writeValueAsString(
                new UserErased(42, UserErased.BY_OPERATOR, null, Instant.parse("2026-11-25T10:00:00Z"))));
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.USER_ERASED,
                "{\"userId\":42,\"requestedBy\":\"user\",\"requestedAt\":\"2026-11-25T10:00:00Z\",\"name\":\"Aigerim\"}"));
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.USER_ERASED,
                "{\"userId\":0,\"requestedBy\":\"user\",\"requestedAt\":\"2026-11-25T10:00:00Z\"}"));
    }

    @Test
    void schemasRefuseWhatTheContractForbids() {
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.UPDATE_RECEIVED,
                "{\"bot\":\"taxi\",\"updateId\":1,\"chatId\":1,\"kind\":\"message\",\"sentAt\":\"2026-11-25T10:00:00Z\"}"));
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.REPLY_REQUESTED,
                "{\"bot\":\"taxi\",\"chatId\":1}"));
        assertThrows(AssertionError.class, () -> schemas.assertValid(EventTypes.MESSAGE_UNDERSTOOD,
                json.writeValueAsString(new BotMessage(textUpdate(), "unknown", 0, "ru", Map.of("seats", 0)))));
    }
}
