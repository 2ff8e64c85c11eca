package kz.tapbot.platform.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Handles a consumed record until it is done: a failure of our own infrastructure (PostgreSQL down, a
 * Kafka publish timing out) is retried in place with growing pauses, which holds the partition and
 * so keeps per-chat order; a malformed record, or a failure that outlasts {@code giveUpAfter}, is
 * rethrown for the dead-letter topic.
 */
@ApplicationScoped
public class TransientFailures {

    private static final Logger LOG = Logger.getLogger(TransientFailures.class);

    private final Duration giveUpAfter;

    TransientFailures(@ConfigProperty(name = "tapbot.messaging.retry-for", defaultValue = "5m") Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
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
