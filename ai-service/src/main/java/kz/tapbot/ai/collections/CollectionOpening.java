package kz.tapbot.ai.collections;

import io.quarkus.runtime.Quarkus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import kz.tapbot.vectors.VectorStore;
import org.jboss.logging.Logger;

/**
 * A vector collection opened on a thread of its own as the service starts (the store opened, the collection built
 * or checked), side by side with the other collection and with the Kafka channels' start instead of after them.
 * Whoever needs the store before it is open waits for it; the service reports ready only once it is open
 * ({@link CollectionsReadiness}), and stops if it cannot be opened, as it did when this ran on the main thread.
 */
public final class CollectionOpening {

    private static final Logger LOG = Logger.getLogger(CollectionOpening.class);
    /** How long a caller waits for a collection still opening (a message that came first is retried after it). */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final String collection;
    private final CompletableFuture<VectorStore> opened = new CompletableFuture<>();

    public CollectionOpening(String collection) {
        this.collection = collection;
    }

    /** Starts opening on a thread named after the collection. */
    public void start(Supplier<VectorStore> open) {
        Thread opener = new Thread(() -> {
            try {
                opened.complete(open.get());
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
                LOG.errorf(e, "the %s collection could not be opened; the service stops", collection);
                Quarkus.asyncExit(1);
            }
        }, collection + "-collection-open");
        opener.setDaemon(true);
        opener.start();
    }

    /** The open store; waits while it is opening. */
    public VectorStore store() {
        try {
            return opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + collection + " collection is not open yet (the service is starting)");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the " + collection + " collection could not be opened", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the " + collection + " collection was opening", e);
        }
    }

    public boolean isOpen() {
        return opened.isDone() && !opened.isCompletedExceptionally();
    }

    public String collection() {
        return collection;
    }

    /** Closes the store if it was opened. */
    public void close() {
        if (isOpen()) {
            opened.join().close();
        }
    }
}
