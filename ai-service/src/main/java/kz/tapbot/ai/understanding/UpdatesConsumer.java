package kz.tapbot.ai.understanding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Scope;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import kz.tapbot.platform.messaging.IncomingBatches;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.tracing.Tracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * bot.updates -> bot.messages: what a poll brought (one record when the traffic is light) is parsed, stored in the
 * history in one transaction and forwarded, and the poll is acknowledged once Kafka has acknowledged every forwarded
 * message. Per-chat order holds: a partition's records are forwarded in their order by one producer. A record that
 * cannot be read, or that the database refuses, goes to bot.updates.dlq with the reason and the rest go on
 * ({@link IncomingBatches}). The forwarded event's id derives from the update's, so a redelivery forwards the same
 * event and consumers drop it. Each update is parsed and forwarded in its own trace (the one its record carries); the
 * poll's history insert is in the first update's trace.
 *
 * <p>Read one record at a time, each update waited for its own commit and its own ack before the next was read: under
 * load the consumers forwarded at most one update per partition per round trip, and the queue grew here (benchmark
 * 2). The updates of a poll now share the commit and the wait.
 */
@ApplicationScoped
public class UpdatesConsumer {

    static final String SOURCE = "/tapbot/ai-service";

    private final IncomingEvents incoming;
    private final IncomingBatches batches;
    private final Understander understander;
    private final DialogHistory history;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;
    private final Tracing tracing;

    UpdatesConsumer(IncomingEvents incoming, IncomingBatches batches, Understander understander, DialogHistory history,
                    EventPublisher publisher, ObjectMapper json, Clock clock, Tracing tracing) {
        this.incoming = incoming;
        this.batches = batches;
        this.understander = understander;
        this.history = history;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.tracing = tracing;
    }

    @Incoming("bot-updates")
    @Blocking
    public CompletionStage<Void> onUpdates(Message<List<String>> batch) {
        return batches.settle(batch, this::understand, this::forward, "forwarding updates");
    }

    /** An update read from bot.updates, what the parser understood of it and the trace its record carries. */
    private record Understood(String eventId, BotUpdate update, Understanding understanding, String traceparent) {
    }

    private Understood understand(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotUpdate> received =
                incoming.read(record, EventTypes.UPDATE_RECEIVED, BotUpdate.class);
        BotUpdate update = received.data();
        String traceparent = Tracing.traceparentOf(record.headers());
        try (Scope trace = tracing.contextOf(traceparent).makeCurrent();
             ChatLogContext.Scope chat = ChatLogContext.of(update.bot(), update.chatId())) {
            return new Understood(received.event().id(), update, understander.understand(update), traceparent);
        }
    }

    private void forward(List<Understood> updates) {
        try (Scope trace = tracing.contextOf(updates.get(0).traceparent()).makeCurrent()) {
            history.recordIncoming(updates.stream().map(u -> new DialogHistory.Incoming(u.eventId(), u.update(),
                    u.understanding().intent(), u.understanding().language())).toList());
        }
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Understood update : updates) {
            acks.add(publisher.publish(Topics.BOT_MESSAGES, forwarded(update), update.traceparent()));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the forwarded messages", e);
        }
    }

    private CloudEvent forwarded(Understood understood) {
        Understanding u = understood.understanding();
        BotUpdate update = understood.update();
        BotMessage message = new BotMessage(update, u.intent(), u.confidence(), u.language(), u.entities());
        return new CloudEvent(EventIds.derived(understood.eventId(), "understood"), EventTypes.MESSAGE_UNDERSTOOD,
                SOURCE, clock.instant(), String.valueOf(update.chatId()), toJson(message));
    }

    private String toJson(BotMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
