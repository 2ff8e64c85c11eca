package kz.tapbot.ai.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.messaging.EventPublisher;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * ai.requests -> one answer on bot.replies per handed-over message. The reply's id derives from the
 * request's, so a redelivered request yields the same reply, which the gateway sends once.
 */
@ApplicationScoped
public class AiRequestsConsumer {

    private final IncomingEvents incoming;
    private final Answers answers;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;
    private final TransientFailures failures;

    AiRequestsConsumer(IncomingEvents incoming, Answers answers, EventPublisher publisher, ObjectMapper json, Clock clock,
                       TransientFailures failures) {
        this.incoming = incoming;
        this.answers = answers;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
        this.failures = failures;
    }

    @Incoming("ai-requests")
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<AiRequest> received = incoming.read(record, EventTypes.AI_REQUESTED, AiRequest.class);
        failures.retry("answering a handed-over message", () -> answer(received));
    }

    private void answer(IncomingEvents.Received<AiRequest> received) {
        BotReply reply = answers.answer(received.data()).answering(received.event().id());
        CloudEvent event = new CloudEvent(EventIds.derived(received.event().id(), "answer"), EventTypes.REPLY_REQUESTED,
                "/tapbot/ai-service", clock.instant(), String.valueOf(reply.chatId()), toJson(reply));
        try {
            publisher.publish(Topics.BOT_REPLIES, event).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while answering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the answer", e);
        }
    }

    private String toJson(BotReply reply) {
        try {
            return json.writeValueAsString(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
