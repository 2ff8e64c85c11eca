package kz.tapbot.apartments.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.apartments.dialog.ApartmentConversation;
import kz.tapbot.apartments.dialog.ApartmentDialog;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * bot.messages of the apartment bot -> {@link ApartmentConversation}, one record at a time (per-chat
 * order). The session is saved once the transaction committed; a failure, including the database
 * refusing nights a concurrent booking took, rolls back and is handled again in place.
 */
@ApplicationScoped
public class BotMessagesConsumer {

    private final IncomingEvents incoming;
    private final ApartmentConversation conversation;
    private final TransientFailures failures;

    BotMessagesConsumer(IncomingEvents incoming, ApartmentConversation conversation, TransientFailures failures) {
        this.incoming = incoming;
        this.conversation = conversation;
        this.failures = failures;
    }

    @Incoming("bot-messages")
    @Blocking
    public void onMessage(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<BotMessage> received = incoming.read(record, EventTypes.MESSAGE_UNDERSTOOD,
                BotMessage.class);
        if (!ApartmentDialog.BOT.equals(received.data().update().bot())) {
            return;
        }
        long chatId = received.data().update().chatId();
        try (ChatLogContext.Scope chat = ChatLogContext.of(ApartmentDialog.BOT, chatId)) {
            failures.retry("apartment dialog", () -> conversation.handle(received));
        }
    }
}
