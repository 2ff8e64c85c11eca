package kz.tapbot.platform.dialog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.EventTypes;
import jakarta.inject.Inject;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import kz.tapbot.platform.outbox.ProcessedEvents;
import kz.tapbot.platform.outbox.ReplyOutbox;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Runs a domain service's dialog on one bot.messages record: messages of other bots are skipped; a
 * message seen before is skipped; otherwise the answers go to the outbox in the same transaction that
 * marks the message handled. A record that cannot be read throws, and lands on the DLQ with the reason.
 */
@ApplicationScoped
public class DialogRunner {

    private final IncomingEvents incoming;
    private final ProcessedEvents processed;
    private final ReplyOutbox replies;
    private final TransientFailures failures;

    @Inject
    DialogRunner self;

    DialogRunner(IncomingEvents incoming, ProcessedEvents processed, ReplyOutbox replies, TransientFailures failures) {
        this.incoming = incoming;
        this.processed = processed;
        this.replies = replies;
        this.failures = failures;
    }

    /** Handles the record, retrying transient failures (see {@link TransientFailures}). */
    public void run(ConsumerRecord<String, String> record, BotDialog dialog) {
        failures.retry(dialog.bot() + " dialog", () -> self.runOnce(record, dialog));
    }

    @Transactional
    void runOnce(ConsumerRecord<String, String> record, BotDialog dialog) {
        IncomingEvents.Received<BotMessage> received = incoming.read(record, EventTypes.MESSAGE_UNDERSTOOD,
                BotMessage.class);
        if (!dialog.bot().equals(received.data().update().bot())) {
            return;
        }
        if (processed.markProcessed(received.event().id())) {
            replies.reply(received.event().id(), dialog.answer(received.data()));
        }
    }
}
