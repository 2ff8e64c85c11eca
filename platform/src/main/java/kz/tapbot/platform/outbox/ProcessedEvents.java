package kz.tapbot.platform.outbox;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The idempotent-consumer log: a service marks an event id processed in the same transaction as
 * the work it does for it, so a redelivered event is recognised and skipped.
 * The table {schema}.processed_event is created by each service's own migration.
 */
@ApplicationScoped
public class ProcessedEvents {

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "tapbot.db.schema")
    String schema;

    /** True the first time this event id is seen; false for a repeat. Runs in the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(String eventId) {
        String sql = "INSERT INTO " + schema + ".processed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, eventId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not record processed event " + eventId, e);
        }
    }
}
