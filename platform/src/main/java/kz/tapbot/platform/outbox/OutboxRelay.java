package kz.tapbot.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventPublisher;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in id order and deletes each once Kafka acknowledged it. Woken
 * right after a transaction that wrote to the outbox commits, and polled as a safety net (rows
 * left by a crash, or by Kafka being down). With several instances one relay owns the outbox at a
 * time: each batch transaction first takes the advisory lock {@code <schema>:outbox} (see
 * {@link ClusterLock#tryInTransaction}), and a relay that finds it taken skips the pass and looks
 * again 100 ms later, so batches are never published side by side and a chat's later reply cannot
 * overtake an earlier one; within a batch rows go in id order. If the owner dies, its transaction and
 * lock go with its connection and another instance takes over at its next look or poll (the dead
 * owner's unacknowledged rows are published again: consumers drop repeats by ce_id).
 * The rows are read without row locks: the advisory lock already makes the relay their only reader and
 * deleter, and locking each row would write it once more (a WAL record per row) just before it is deleted.
 *
 * <p>A pass woken by a commit reads only ids above the highest it published less {@link #STRAGGLER_WINDOW}.
 * Read from the lowest id, every pass walked the index entries of all the rows deleted since the table was
 * last vacuumed (benchmark 4: 3,875 pages and 7.9 ms a pass, 41% of the statements' time). Ids are taken when a
 * row is written, not when it commits, so a row may become visible after higher ones were published: one from
 * a transaction running side by side with them. The window catches those; the poll (every
 * tapbot.outbox.poll-interval) reads from the lowest id and catches a transaction that stayed open longer.
 * Such a row goes out after higher ids, which cannot reorder one chat's or one booking's events: their
 * writes never run side by side (one consumer per partition, row locks), so a later one takes its id after
 * the earlier one committed. Should the ids start lower again (a database restored under a running service),
 * the poll's pass publishes the new rows and moves the high-water mark back to them.
 * Only services that own an outbox table run it: they set tapbot.outbox.enabled=true at build time.
 */
@ApplicationScoped
@IfBuildProperty(name = "tapbot.outbox.enabled", stringValue = "true")
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * Rows a batch transaction publishes at most. Under load a pass is mostly waiting for Kafka's acknowledgements
     * and the round trips around them: benchmark 4's relay trailed the bookings by 4.2 s in 20 s at 200 rows a
     * batch, 2.1 s at 1,000.
     */
    private static final int BATCH = 1_000;
    /** How far below the highest id published a pass woken by a commit still looks (see the class comment). */
    public static final long STRAGGLER_WINDOW = 10_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    EventPublisher publisher;

    @Inject
    MeterRegistry metrics;

    @Inject
    ClusterLock cluster;

    @ConfigProperty(name = "tapbot.db.schema")
    String schema;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "outbox-relay"));
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    /** The highest id this relay published, and whether the next pass reads from the lowest id instead. */
    private final AtomicLong highestPublished = new AtomicLong();
    private final AtomicBoolean sweepRequested = new AtomicBoolean(true);

    @Scheduled(every = "${tapbot.outbox.poll-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        sweepRequested.set(true);
        wake();
        measureBacklog();
    }

    /** Asks for a relay pass; passes requested while one runs coalesce into one more. */
    public void wake() {
        if (!worker.isShutdown() && wakeRequested.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    wakeRequested.set(false);
                    relayPending();
                });
            } catch (RejectedExecutionException shuttingDown) {
                // the service stops; rows left are relayed by the next instance to start
            }
        }
    }

    /** One pass, now and on this thread; returns how many rows it published (0 when another relay owns the outbox). */
    public int relayPending() {
        int total = 0;
        boolean sweep = sweepRequested.getAndSet(false);
        try {
            Batch batch;
            do {
                long above = sweep ? 0 : Math.max(0, highestPublished.get() - STRAGGLER_WINDOW);
                batch = QuarkusTransaction.requiringNew().call(() -> publishBatch(above));
                if (sweep && batch.published() > 0) {
                    // from the lowest id: where the ids are now, even if they went back (a restored database)
                    highestPublished.set(batch.highestId());
                } else {
                    highestPublished.accumulateAndGet(batch.highestId(), Math::max);
                }
                sweep = false;
                total += Math.max(batch.published(), 0);
            } while (batch.published() == BATCH);
            if (batch == Batch.OWNED_ELSEWHERE) {
                // the owner may have read before our rows committed: look again shortly, not at the next poll
                worker.schedule(this::wake, 100, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException shuttingDown) {
            // the next instance to start relays what is left
        } catch (RuntimeException e) {
            // a failed batch may have been a sweep: the next pass reads from the lowest id again
            sweepRequested.set(true);
            LOG.warnf("outbox relay pass failed, rows stay for the next pass: %s", e.getMessage());
        }
        return total;
    }

    /** Publishes and deletes the first rows with an id above {@code above}, in id order. */
    private Batch publishBatch(long above) throws SQLException {
        List<Long> ids = new ArrayList<>();
        List<CompletableFuture<?>> acks = new ArrayList<>();
        String select = "SELECT id, topic, record_key, ce_id, ce_type, ce_source, ce_time, data::text, traceparent FROM "
                + schema + ".outbox WHERE id > ? ORDER BY id LIMIT " + BATCH;
        try (Connection connection = dataSource.getConnection()) {
            if (!cluster.tryInTransaction(connection, "outbox")) {
                return Batch.OWNED_ELSEWHERE;
            }
            try (PreparedStatement query = connection.prepareStatement(select)) {
                query.setLong(1, above);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Timestamp time = rows.getTimestamp("ce_time");
                        CloudEvent event = new CloudEvent(rows.getString("ce_id"), rows.getString("ce_type"),
                                rows.getString("ce_source"), time == null ? null : time.toInstant(),
                                rows.getString("record_key"), rows.getString("data"));
                        ids.add(rows.getLong("id"));
                        acks.add(publisher.publish(rows.getString("topic"), event, rows.getString("traceparent")));
                    }
                }
            }
            if (ids.isEmpty()) {
                return Batch.NONE;
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + schema + ".outbox WHERE id = ANY (?)")) {
                delete.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
                delete.executeUpdate();
            }
        }
        metrics.counter("tapbot_outbox_published_total").increment(ids.size());
        return new Batch(ids.size(), ids.get(ids.size() - 1));
    }

    /** What a batch transaction published: how many rows (-1: another relay owns the outbox) and the highest id. */
    private record Batch(int published, long highestId) {
        static final Batch NONE = new Batch(0, 0);
        static final Batch OWNED_ELSEWHERE = new Batch(-1, 0);
    }

    @PostConstruct
    void registerGauges() {
        Gauge.builder("tapbot.outbox.backlog", backlog, AtomicLong::get).description("outbox rows waiting to be relayed")
                .register(metrics);
        Gauge.builder("tapbot.outbox.oldest.age", oldestAgeMillis, age -> age.get() / 1000.0).baseUnit("seconds")
                .description("age of the oldest outbox row, 0 when the outbox is empty").register(metrics);
    }

    /** tapbot_outbox_backlog and tapbot_outbox_oldest_age_seconds, by the database's clock; kept on failure. */
    void measureBacklog() {
        String sql = "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)) * 1000, 0) FROM "
                + schema + ".outbox";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql); ResultSet row = query.executeQuery()) {
            row.next();
            backlog.set(row.getLong(1));
            oldestAgeMillis.set(Math.max(0, row.getLong(2)));
        } catch (SQLException | RuntimeException e) {
            LOG.debugf("outbox backlog not measured: %s", e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        worker.shutdown();
        worker.awaitTermination(5, TimeUnit.SECONDS);
    }
}
