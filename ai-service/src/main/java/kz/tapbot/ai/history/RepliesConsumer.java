package kz.tapbot.ai.history;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.CompletionStage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.messaging.IncomingBatches;
import kz.tapbot.platform.messaging.IncomingEvents;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps what the bots answered (bot.replies, own consumer group) in the dialog history, a poll's batch at a time in
 * one transaction: the history is on no user's path. A record that is not a reply, or that the database refuses, goes
 * to bot.replies.dlq with the reason and the rest of its batch is stored.
 */
@ApplicationScoped
public class RepliesConsumer {

    private final IncomingEvents incoming;
    private final IncomingBatches batches;
    private final DialogHistory history;

    RepliesConsumer(IncomingEvents incoming, IncomingBatches batches, DialogHistory history) {
        this.incoming = incoming;
        this.batches = batches;
        this.history = history;
    }

    @Incoming("bot-replies")
    @Blocking
    public CompletionStage<Void> onReplies(Message<List<String>> batch) {
        return batches.settle(batch, this::read, history::recordOutgoing, "storing replies");
    }

    private DialogHistory.Outgoing read(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotReply> received = incoming.read(record, EventTypes.REPLY_REQUESTED, BotReply.class);
        return new DialogHistory.Outgoing(received.event().id(), received.data(), received.event().time());
    }
}
