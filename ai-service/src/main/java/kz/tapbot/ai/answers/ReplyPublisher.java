package kz.tapbot.ai.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.messaging.EventPublisher;

/**
 * Sends ai-service's answer to a handed-over message on bot.replies, waiting for Kafka's ack. Its id
 * derives from the request's, so answering the same request twice yields one message in the chat.
 */
@ApplicationScoped
public class ReplyPublisher {

    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;

    ReplyPublisher(EventPublisher publisher, ObjectMapper json, Clock clock) {
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    public void send(String requestEventId, BotReply answer) {
        BotReply reply = answer.answering(requestEventId);
        try {
            CloudEvent event = new CloudEvent(EventIds.derived(requestEventId, "answer"), EventTypes.REPLY_REQUESTED,
                    "/tapbot/ai-service", clock.instant(), String.valueOf(reply.chatId()), json.writeValueAsString(reply));
            publisher.publish(Topics.BOT_REPLIES, event).get(30, TimeUnit.SECONDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the answer", e);
        }
    }
}
