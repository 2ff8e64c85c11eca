package kz.tapbot.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * An event id a test holds in a service's {schema}.processed_event by an open transaction: the service's own insert
 * of it (the first step of handling the event) waits until the hold is released, so the event waits on PostgreSQL.
 */
public final class HeldEvent implements AutoCloseable {

    private final Connection connection;

    private HeldEvent(Connection connection) {
        this.connection = connection;
    }

    public static HeldEvent hold(DataSource dataSource, String schema, String eventId) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement hold = connection.prepareStatement(
                "INSERT INTO " + schema + ".processed_event (event_id) VALUES (?)")) {
            hold.setString(1, eventId);
            hold.executeUpdate();
            return new HeldEvent(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Lets the service insert the id and handle the event. */
    public void release() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        release();
        connection.close();
    }
}
