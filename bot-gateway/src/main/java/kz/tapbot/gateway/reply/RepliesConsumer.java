package kz.tapbot.gateway.reply;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.MalformedEventException;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Reads bot.replies and hands each reply to {@link ReplySender}. A record is acknowledged (its offset
 * may be committed) only once the reply was delivered, so a crash never loses one; a reply that
 * cannot be read or that Telegram refuses for good is nacked and lands on bot.replies.dlq with the reason.
 */
@ApplicationScoped
public class RepliesConsumer {

    private final ReplySender sender;
    private final ObjectMapper json;

    RepliesConsumer(ReplySender sender, ObjectMapper json) {
        this.sender = sender;
        this.json = json;
    }

    @Incoming("bot-replies")
    public CompletionStage<Void> onReply(Message<String> message) {
        BotReply reply;
        try {
            reply = read(message);
        } catch (RuntimeException e) {
            return message.nack(e);
        }
        sender.send(reply).whenComplete((done, error) -> {
            if (error == null) {
                message.ack();
            } else {
                message.nack(error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
        // the next record may be read while this one waits for its chat's turn
        return sender.awaitCapacity();
    }

    @SuppressWarnings("unchecked")
    private BotReply read(Message<String> message) {
        IncomingKafkaRecordMetadata<String, String> metadata = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new MalformedEventException("not a Kafka record"));
        CloudEvent event = CloudEvent.from(metadata.getKey(), message.getPayload(), metadata.getHeaders());
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
