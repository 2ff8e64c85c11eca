package kz.tapbot.ai.answers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import kz.tapbot.ai.openai.OpenAiSettings;
import kz.tapbot.ai.openai.RequestQueue;
import kz.tapbot.events.AiRequest;
import kz.tapbot.platform.logging.ChatLogContext;
import org.jboss.logging.Logger;

/**
 * Drains queue:ai:requests within the global budget: each item is answered by the model (or the
 * embedded path when the model is unavailable) and published; an item whose answer could not be
 * published goes back to the head of the queue (or, with Redis down too, stays in processing and is
 * recovered at the next start).
 */
@ApplicationScoped
public class ModelWorker {

    private static final Logger LOG = Logger.getLogger(ModelWorker.class);

    private final RequestQueue queue;
    private final Answers answers;
    private final ReplyPublisher replies;
    private final ObjectMapper json;
    private final OpenAiSettings openAi;

    ModelWorker(RequestQueue queue, Answers answers, ReplyPublisher replies, ObjectMapper json, OpenAiSettings openAi) {
        this.queue = queue;
        this.answers = answers;
        this.replies = replies;
        this.json = json;
        this.openAi = openAi;
    }

    void recover(@Observes StartupEvent started) {
        if (openAi.enabled()) {
            int recovered = queue.recover();
            if (recovered > 0) {
                LOG.infof("%d queued AI requests recovered from a previous run", recovered);
            }
        }
    }

    private Optional<String> nextItem() {
        try {
            return queue.take();
        } catch (RuntimeException e) {
            // Redis down or closing: the items wait where they are
            LOG.debugf("queue:ai:requests unavailable: %s", e.getMessage());
            return Optional.empty();
        }
    }

    @Scheduled(every = "${tapbot.ai.openai.drain-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void drain() {
        if (!openAi.enabled()) {
            return;
        }
        Optional<String> item;
        while ((item = nextItem()).isPresent()) {
            try {
                JsonNode node = json.readTree(item.get());
                AiRequest request = json.treeToValue(node.get("request"), AiRequest.class);
                try (ChatLogContext.Scope chat = ChatLogContext.of(request.update().bot(), request.update().chatId())) {
                    replies.send(node.get("eventId").asText(), answers.answerWithModel(request));
                }
                queue.done(item.get());
            } catch (Exception e) {
                LOG.warnf("an AI request could not be answered now, it goes back to the queue: %s", e.getMessage());
                try {
                    queue.retryLater(item.get());
                } catch (RuntimeException redisDown) {
                    // it stays in processing and is recovered at the next start
                }
                return;
            }
        }
    }
}
