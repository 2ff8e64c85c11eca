package kz.tapbot.gateway.localchat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import kz.tapbot.events.BotReply;
import org.jboss.logging.Logger;

/**
 * Carries web chat replies between gateway instances: the page may watch one instance while another
 * consumes the chat's replies from bot.replies. The instance that shows a reply publishes it on the
 * Redis channel chat:local:{bot} with the message id it gave it; every instance listens and shows
 * the replies the others published to the pages it holds. Best effort, like the web chat itself:
 * what is published while an instance is not listening (Redis down) never reaches its pages.
 */
@ApplicationScoped
class LocalChatFanout {

    /** One reply as it travels between instances: who published it, and the id the page knows it by. */
    record SharedReply(String origin, long messageId, BotReply reply) {
    }

    private static final Logger LOG = Logger.getLogger(LocalChatFanout.class);
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

    private final ReactivePubSubCommands<String> pubsub;
    private final ObjectMapper json;
    private final String instance = UUID.randomUUID().toString();
    private CompletableFuture<Void> publishing = CompletableFuture.completedFuture(null);
    private volatile boolean stopped;

    LocalChatFanout(ReactiveRedisDataSource redis, ObjectMapper json) {
        this.pubsub = redis.pubsub(String.class);
        this.json = json;
    }

    static String channel(String bot) {
        return "chat:local:" + bot;
    }

    /**
     * Publishes after every earlier reply (pooled connections could otherwise reorder a chat's
     * replies); completes once Redis took it or refused it, never exceptionally.
     */
    synchronized CompletableFuture<Void> publish(BotReply reply, long messageId) {
        String message;
        try {
            message = json.writeValueAsString(new SharedReply(instance, messageId, reply));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a reply that cannot be written as JSON", e);
        }
        publishing = publishing.thenCompose(previous -> pubsub.publish(channel(reply.bot()), message)
                .ifNoItem().after(PUBLISH_TIMEOUT).fail()
                .subscribeAsCompletionStage()
                .exceptionally(error -> {
                    LOG.warnf("could not share a web chat reply with the other gateway instances: %s",
                            error.getMessage());
                    return null;
                }));
        return publishing;
    }

    /** Hands every reply another instance publishes for the bot to {@code show}, listening again after an outage. */
    void listen(String bot, Consumer<SharedReply> show) {
        if (stopped) {
            return;
        }
        AtomicBoolean listening = new AtomicBoolean();
        AtomicBoolean ended = new AtomicBoolean();
        Runnable again = () -> {
            if (ended.compareAndSet(false, true) && !stopped) {
                if (listening.get()) {
                    LOG.warnf("stopped hearing other instances' web chat replies for %s, listening again", bot);
                }
                CompletableFuture.delayedExecutor(RESUBSCRIBE_AFTER.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> listen(bot, show));
            }
        };
        pubsub.subscribe(channel(bot), message -> receive(message, show), again, error -> again.run())
                .subscribe().with(subscribed -> listening.set(true), error -> again.run());
    }

    private void receive(String message, Consumer<SharedReply> show) {
        try {
            SharedReply shared = json.readValue(message, SharedReply.class);
            if (!instance.equals(shared.origin())) {
                show.accept(shared);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("ignored a web chat reply shared by another instance: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
    }
}
