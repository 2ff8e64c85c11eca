package kz.tapbot.gateway.reply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.MalformedEventException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads bot.replies and hands each reply to {@link ReplySender}, once: a reply already delivered (same event id) is
 * acknowledged without sending it again, and one that another instance is sending (it held the record's partition
 * before a rebalance) is sent by that instance only: both are told by the reply's claim, taken right before each
 * Bot API call ({@link DeliveredReplies#claimFor}). No record waits here for Redis. A record is acknowledged
 * (its offset may be committed) only once the reply was delivered, so a crash never loses one; a reply that cannot
 * be read or that Telegram refuses for good is nacked and lands on bot.replies.dlq with the reason.
 */
@ApplicationScoped
public class RepliesConsumer {

    private final ReplySender sender;
    private final ObjectMapper json;
    private final DeliveredReplies delivered;
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    RepliesConsumer(ReplySender sender, ObjectMapper json, DeliveredReplies delivered) {
        this.sender = sender;
        this.delivered = delivered;
        this.json = json;
    }

    @Incoming("bot-replies")
    public CompletionStage<Void> onReply(Message<String> message) {
        CloudEvent event;
        BotReply reply;
        try {
            event = envelope(message);
            reply = read(event);
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        try (ChatLogContext.Scope chat = ChatLogContext.of(reply.bot(), reply.chatId())) {
            if (sender.isLocal(reply.bot())) {
                // the web chat is a best-effort screen: no delivery record, so it never hides a Telegram delivery
                sender.send(reply).whenComplete((done, error) -> message.ack());
                return sender.awaitCapacity();
            }
            CompletableFuture<Void> earlier = inFlight.get(event.id());
            if (earlier != null) {
                // the same reply again while the first copy waits for its turn: settle with it, send nothing
                earlier.whenComplete((done, error) -> message.ack());
                return sender.awaitCapacity();
            }
            // a reply delivered before (a relay that published twice, a rebalance) is settled by its claim, which
            // Redis answers with "delivered": asked here too, Redis would hold up every record behind it
            send(event.id(), reply, message);
            // the next record may be read while this one waits for its chat's turn
            return sender.awaitCapacity();
        }
    }

    private void send(String replyId, BotReply reply, Message<String> message) {
        CompletableFuture<Void> sending = sender.send(reply, delivered.claimFor(replyId));
        inFlight.put(replyId, sending);
        sending.whenComplete((done, error) -> {
            if (error == null) {
                // forgotten here only once Redis remembers it: a repeat arriving in between settles with this copy
                delivered.markDelivered(replyId).whenComplete((remembered, ignored) -> inFlight.remove(replyId));
                message.ack();
            } else {
                inFlight.remove(replyId);
                message.nack(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static CloudEvent envelope(Message<String> message) {
        IncomingKafkaRecordMetadata<String, String> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new MalformedEventException("not a Kafka record"));
        return CloudEvent.from(metadata.getKey(), message.getPayload(), metadata.getHeaders());
    }

    private BotReply read(CloudEvent event) {
        if (!EventTypes.REPLY_REQUESTED.equals(event.type())) {
            throw new MalformedEventException("unexpected ce_type " + event.type() + " on bot.replies");
        }
        try {
            BotReply reply = json.readValue(event.data(), BotReply.class);
            if (reply.bot() == null || (reply.text() == null && reply.callbackQueryId() == null)) {
                throw new MalformedEventException("a reply needs a bot and a text or a callbackQueryId");
            }
            return reply;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedEventException("data is not a BotReply: " + e.getOriginalMessage(), e);
        }
    }
}
