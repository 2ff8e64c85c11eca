package kz.tapbot.taxi.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/**
 * An event whose transaction never committed (the instance was killed after saving the dialog session in Redis)
 * is delivered again, maybe to another instance: the dialog moves one step for it, not two.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class RedeliveredMessageTest {

    @Inject
    TaxiConversation conversation;

    @Inject
    SessionStore sessions;

    @Inject
    AgroalDataSource dataSource;

    private final long chat = 8_500_000_000L + System.currentTimeMillis() % 1_000_000;

    @Test
    void aMessageHandledAgainAfterAnUncommittedFirstTryStartsFromTheSessionBeforeIt() throws Exception {
        conversation.handle(received("/book", null));
        conversation.handle(received(null, "city:Pavlodar"));
        IncomingEvents.Received<BotMessage> to = received(null, "city:Ekibastuz");
        Session afterTo = conversation.handle(to).orElseThrow();
        assertEquals(Optional.of("Ekibastuz"), afterTo.slot(Session.TO), afterTo.toString());

        // the first try's transaction "never committed": its inbox row is gone, its session result is in Redis
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM taxi.processed_event WHERE event_id = ?")) {
            delete.setString(1, to.event().id());
            assertEquals(1, delete.executeUpdate());
        }
        Session again = conversation.handle(to).orElseThrow();

        // not "this step is out of date, let's start over": the press is applied to the state before it, once
        assertEquals(afterTo, again);
        assertEquals(afterTo, sessions.load(TaxiDialog.BOT, chat, Session.class).orElseThrow());
        assertEquals(Optional.of("Pavlodar"), again.slot(Session.FROM));
    }

    private IncomingEvents.Received<BotMessage> received(String text, String press) {
        BotUpdate update = new BotUpdate("taxi", System.nanoTime(), chat,
                press == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), 5L, text,
                press == null ? null : new BotUpdate.Callback("q" + System.nanoTime(), press, 5L), null, null, Instant.now());
        BotMessage message = new BotMessage(update, "unknown", 0, "ru", Map.of());
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests",
                Instant.now(), String.valueOf(chat), "{}");
        return new IncomingEvents.Received<>(event, message);
    }
}
