package kz.tapbot.platform.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
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

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Event<OutboxWritten> written;

    @Inject
    Tracing tracing;

    @ConfigProperty(name = "tapbot.db.schema")
    String schema;

    /** Adds an event to the outbox; must run inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(String topic, CloudEvent event) {
        addAll(topic, List.of(event));
    }

    /** Adds events to the outbox in one round trip to the database (a JDBC batch), in their order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addAll(String topic, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO " + schema + ".outbox (topic, record_key, ce_id, ce_type, ce_source, ce_time, data,"
                + " traceparent) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (ce_id) DO NOTHING";
        // the relay publishes them later, in the trace of the work that wrote them
        String traceparent = tracing.currentTraceparent();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            for (CloudEvent event : events) {
                insert.setString(1, topic);
                insert.setString(2, event.key());
                insert.setString(3, event.id());
                insert.setString(4, event.type());
                insert.setString(5, event.source());
                insert.setTimestamp(6, event.time() == null ? null : Timestamp.from(event.time()));
                insert.setString(7, event.data());
                insert.setString(8, traceparent);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write to the outbox", e);
        }
        written.fire(new OutboxWritten());
    }

    /** Fired inside the transaction; the relay reacts once it committed. */
    public record OutboxWritten() {
    }
}
