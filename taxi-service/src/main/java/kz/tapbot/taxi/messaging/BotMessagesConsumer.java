package kz.tapbot.taxi.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import kz.tapbot.taxi.dialog.TaxiConversation;
import kz.tapbot.taxi.dialog.TaxiDialog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * bot.messages of the taxi bot -> {@link TaxiConversation}, one record at a time (per-chat order).
 * The session is saved once the transaction committed; transient failures are retried in place.
 */
@ApplicationScoped
public class BotMessagesConsumer {

    private final IncomingEvents incoming;
    private final TaxiConversation conversation;
    private final TransientFailures failures;

    BotMessagesConsumer(IncomingEvents incoming, TaxiConversation conversation, TransientFailures failures) {
        this.incoming = incoming;
        this.conversation = conversation;
        this.failures = failures;
    }

    @Incoming("bot-messages")
    @Blocking
    public void onMessage(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotMessage> received = incoming.read(record, EventTypes.MESSAGE_UNDERSTOOD,
                BotMessage.class);
        if (!TaxiDialog.BOT.equals(received.data().update().bot())) {
            return;
        }
        long chatId = received.data().update().chatId();
        try (ChatLogContext.Scope chat = ChatLogContext.of(TaxiDialog.BOT, chatId)) {
            failures.retry("taxi dialog", () -> conversation.handle(received));
        }
    }
}
