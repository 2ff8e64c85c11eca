package kz.tapbot.ai.answers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import kz.tapbot.ai.openai.OpenAiSettings;
import kz.tapbot.ai.openai.RequestQueue;
import kz.tapbot.ai.openai.UserLimit;
import kz.tapbot.events.AiRequest;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * ai.requests -> one answer on bot.replies per handed-over message. Without OpenAI the embedded answer
 * goes out at once. With OpenAI, a user over their per-minute limit gets a polite word at once; the
 * rest waits in queue:ai:requests for the {@link ModelWorker}, so a slow model holds up no other
 * record of this topic.
 */
@ApplicationScoped
public class AiRequestsConsumer {

    private final IncomingEvents incoming;
    private final Answers answers;
    private final ReplyPublisher replies;
    private final OpenAiSettings openAi;
    private final UserLimit userLimit;
    private final RequestQueue queue;
    private final ObjectMapper json;
    private final TransientFailures failures;

    AiRequestsConsumer(IncomingEvents incoming, Answers answers, ReplyPublisher replies, OpenAiSettings openAi,
                       UserLimit userLimit, RequestQueue queue, ObjectMapper json, TransientFailures failures) {
        this.incoming = incoming;
        this.answers = answers;
        this.replies = replies;
        this.openAi = openAi;
        this.userLimit = userLimit;
        this.queue = queue;
        this.json = json;
        this.failures = failures;
    }

    @Incoming("ai-requests")
    @Blocking
    public void onRequest(ConsumerRecord<String, String> record) {
        IncomingEvents.Received<AiRequest> received = incoming.read(record, EventTypes.AI_REQUESTED, AiRequest.class);
        BotUpdate update = received.data().update();
        try (ChatLogContext.Scope chat = ChatLogContext.of(update.bot(), update.chatId())) {
            failures.retry("answering a handed-over message", () -> handle(received));
        }
    }

    private void handle(IncomingEvents.Received<AiRequest> received) {
        AiRequest request = received.data();
        String id = received.event().id();
        if (!openAi.enabled()) {
            replies.send(id, answers.answer(request));
        } else if (!userLimit.allow(request.update().user().id())) {
            replies.send(id, answers.tooManyQuestions(request));
        } else {
            queue.add(toJson(Map.of("eventId", id, "request", request)));
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
