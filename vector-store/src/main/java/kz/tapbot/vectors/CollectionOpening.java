package kz.tapbot.vectors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A vector collection opened on a thread of its own as a service starts (the store opened, the collection built
 * or checked), side by side with the rest of the start instead of on its main thread. Whoever needs the store
 * before it is open waits for it; the service reports ready only once it is open (its readiness check asks
 * {@link #isOpen()}), and {@code onFailure} stops the service if it cannot be opened, as a failure on the main
 * thread would have.
 */
public final class CollectionOpening {

    private static final System.Logger LOG = System.getLogger(CollectionOpening.class.getName());
    /** How long a caller waits for a collection still opening (a message that came first is retried after it). */
    static final Duration WAIT = Duration.ofSeconds(30);

    private final String collection;
    private final Runnable onFailure;
    private final CompletableFuture<VectorStore> opened = new CompletableFuture<>();

    /** {@code onFailure} runs on the opening thread after the failure was logged: the service stops there. */
    public CollectionOpening(String collection, Runnable onFailure) {
        this.collection = collection;
        this.onFailure = onFailure;
    }

    /** Starts opening on a thread named after the collection. */
    public void start(Supplier<VectorStore> open) {
        Thread opener = new Thread(() -> {
            try {
                opened.complete(open.get());
            } catch (RuntimeException | Error e) {
                opened.completeExceptionally(e);
                LOG.log(System.Logger.Level.ERROR, "the " + collection + " collection could not be opened;"
                        + " the service stops", e);
                onFailure.run();
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
