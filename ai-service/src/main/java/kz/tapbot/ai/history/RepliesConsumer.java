package kz.tapbot.ai.history;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps what the bots answered (bot.replies, own consumer group) in the dialog history. */
@ApplicationScoped
public class RepliesConsumer {

    private final IncomingEvents incoming;
    private final DialogHistory history;

    private final TransientFailures failures;

    RepliesConsumer(IncomingEvents incoming, DialogHistory history, TransientFailures failures) {
        this.failures = failures;
        this.incoming = incoming;
        this.history = history;
    }

    @Incoming("bot-replies")
    @Blocking
    public void onReply(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotReply> received = incoming.read(record, EventTypes.REPLY_REQUESTED, BotReply.class);
        try (ChatLogContext.Scope chat = ChatLogContext.of(received.data().bot(), received.data().chatId())) {
            failures.retry("storing a reply", () -> history.recordOutgoing(received.event().id(), received.data(),
                    received.event().time()));
        }
    }
}
