package kz.tapbot.platform.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.tracing.Tracing;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transactional outbox: an event is written in the same PostgreSQL transaction as the state
 * change it announces, and {@link OutboxRelay} publishes it after commit. Nothing is announced
 * that did not happen, and nothing that happened goes unannounced.
 * The table {schema}.outbox is created by each service's own migration.
 */
@ApplicationScoped
public class Outbox {

    /** One event's row; a statement for several events lists several. */
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    /** 8 parameters a row: well under PostgreSQL's 65,535 parameters a statement. */
    static final int ROWS_PER_STATEMENT = 1_000;
    /** The key of the transaction resource that says its commit already wakes the relay. */
    private static final String RELAY_WOKEN = Outbox.class.getName() + ".relay-woken";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** Absent in a service without an outbox table (tapbot.outbox.enabled is not true at build time). */
    @Inject
    Instance<OutboxRelay> relays;

    private OutboxRelay relay;

    @Inject
    Tracing tracing;

    @ConfigProperty(name = "tapbot.db.schema")
    String schema;

    @PostConstruct
    void findRelay() {
        relay = relays.isResolvable() ? relays.get() : null;
    }

    /** Adds an event to the outbox; must run inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, CloudEvent event) {
        addAll(topic, List.of(event));
    }

    /**
     * Adds events to the outbox in their order, in one statement (one row each: VALUES rows take their ids in order;
     * one executor run instead of a batch's one per row), or one per {@value #ROWS_PER_STATEMENT} events.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(String topic, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // the relay publishes them later, in the trace of the work that wrote them
        String traceparent = tracing.currentTraceparent();
        for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
            insert(topic, events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT)), traceparent);
        }
        wakeRelayOnCommit();
    }

    /**
     * The relay publishes the rows right after the transaction commits, not at its next poll: one synchronization per
     * transaction, however many writes it makes. (A CDI event observed after success did the same per write, and
     * took 6% of a taxi booking's CPU in benchmark 4: the container looked the transaction manager up and activated
     * the request context at every fire.)
     */
    private void wakeRelayOnCommit() {
        if (relay == null || transactions.getResource(RELAY_WOKEN) != null) {
            return;
        }
        transactions.putResource(RELAY_WOKEN, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new WakeOnCommit(relay));
    }

    private void insert(String topic, List<CloudEvent> events, String traceparent) {
        String sql = "INSERT INTO " + schema + ".outbox (topic, record_key, ce_id, ce_type, ce_source, ce_time, data,"
                + " traceparent) VALUES " + String.join(", ", Collections.nCopies(events.size(), ROW))
                + " ON CONFLICT (ce_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            int p = 0;
            for (CloudEvent event : events) {
                insert.setString(++p, topic);
                insert.setString(++p, event.key());
                insert.setString(++p, event.id());
                insert.setString(++p, event.type());
                insert.setString(++p, event.source());
                // as an OffsetDateTime: a Timestamp goes through the driver's Calendar conversion (2% of a booking's
                // CPU in benchmark 4)
                insert.setObject(++p, event.time() == null ? null : event.time().atOffset(ZoneOffset.UTC));
                insert.setString(++p, event.data());
                insert.setString(++p, traceparent);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to the outbox", e);
        }
    }

    private record WakeOnCommit(OutboxRelay relay) implements Synchronization {

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }
    }
}
