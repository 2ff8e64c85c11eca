package kz.tapbot.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Handles a consumed record until it is done: a failure of our own infrastructure (PostgreSQL down, a
 * Kafka publish timing out) is retried in place with growing pauses, which holds the partition and
 * so keeps per-chat order; a malformed record, a failure caused by the record itself ({@link #poison}),
 * or a failure that outlasts {@code giveUpAfter}, is rethrown for the dead-letter topic.
 */
@ApplicationScoped
public class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);

    private final Duration giveUpAfter;

    TransientFailures(@ConfigProperty(name = "tapbot.messaging.retry-for", defaultValue = "5m") Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    /**
     * A failure that would come back on every attempt, because of what the record holds rather than of
     * our infrastructure: a programming error met on its data (a null, a bad argument, a number or date
     * out of range), or PostgreSQL refusing its content (SQLSTATE class 22, data exception, e.g. a NUL in
     * a text; 23502 not null; 23514 check). Retrying it would only hold the partition for minutes.
     */
    static Optional<String> poison(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof NullPointerException || cause instanceof IllegalArgumentException
                    || cause instanceof ClassCastException || cause instanceof IndexOutOfBoundsException
                    || cause instanceof ArithmeticException || cause instanceof DateTimeException
                    || cause instanceof UnsupportedOperationException) {
                return Optional.of(cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("22")
                    || sql.getSQLState().equals("23502") || sql.getSQLState().equals("23514"))) {
                return Optional.of("the database refused it (SQLSTATE " + sql.getSQLState() + "): " + sql.getMessage());
            }
        }
        return Optional.empty();
    }

    public void retry(String what, Runnable handling) {
        long deadline = System.nanoTime() + giveUpAfter.toNanos();
        long pauseMillis = 200;
        while (true) {
            try {
                handling.run();
                return;
            } catch (MalformedEventException e) {
                throw e;
            } catch (RuntimeException e) {
                Optional<String> poison = poison(e);
                if (poison.isPresent()) {
                    throw new MalformedEventException(what + " failed on the record itself: " + poison.get(), e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LOG.warnf("%s failed, retrying in %d ms: %s", what, pauseMillis, e.getMessage());
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 10_000);
            }
        }
    }
}
