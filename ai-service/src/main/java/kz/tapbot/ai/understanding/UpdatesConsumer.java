package kz.tapbot.ai.understanding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.tapbot.ai.history.DialogHistory;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.messaging.EventPublisher;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * bot.updates -> bot.messages: stores the incoming message in the history, adds what the parser understood
 * and forwards it, waiting for Kafka's ack before the next record (per-chat order). The forwarded
 * event's id derives from the update's, so a redelivery forwards the same event and consumers drop it.
 */
@ApplicationScoped
public class UpdatesConsumer {

    static final String SOURCE = "/tapbot/ai-service";

    private final IncomingEvents incoming;
    private final Understander understander;
    private final DialogHistory history;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;
    private final TransientFailures failures;

    UpdatesConsumer(IncomingEvents incoming, Understander understander, DialogHistory history, EventPublisher publisher,
                    ObjectMapper json, Clock clock, TransientFailures failures) {
        this.understander = understander;
        this.failures = failures;
        this.incoming = incoming;
        this.history = history;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    @Incoming("bot-updates")
    @Blocking
    public void onUpdate(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotUpdate> received = incoming.read(record, EventTypes.UPDATE_RECEIVED, BotUpdate.class);
        try (ChatLogContext.Scope chat = ChatLogContext.of(received.data().bot(), received.data().chatId())) {
            failures.retry("forwarding an update", () -> forward(received));
        }
    }

    private void forward(IncomingEvents.Received<BotUpdate> received) {
        BotUpdate update = received.data();
        Understanding understood = understander.understand(update);
        history.recordIncoming(received.event().id(), update, understood.intent(), understood.language());
        BotMessage message = new BotMessage(update, understood.intent(), understood.confidence(),
                understood.language(), understood.entities());
        CloudEvent forwarded = new CloudEvent(EventIds.derived(received.event().id(), "understood"),
                EventTypes.MESSAGE_UNDERSTOOD, SOURCE, clock.instant(), String.valueOf(update.chatId()), toJson(message));
        try {
            publisher.publish(Topics.BOT_MESSAGES, forwarded).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the forwarded message", e);
        }
    }

    private String toJson(BotMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
