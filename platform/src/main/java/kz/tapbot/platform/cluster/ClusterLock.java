package kz.tapbot.platform.cluster;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Work that must run on one instance of a service at a time, however many replicas share the
 * database: a scheduled job that sends reminders, expires requests, drops partitions, delivers
 * webhooks, or the outbox relay.
 *
 * <p>A job is guarded by a PostgreSQL advisory lock named {@code <schema>:<job>} (taxi:reminders, say),
 * keyed {@code hashtext(name)} in the single-bigint key space (Flyway's own advisory lock lives far
 * outside the int range, so they never meet). Two ways to hold it, for the two shapes of work:
 * <ul>
 * <li>{@link #runExclusively}: a session lock, {@code pg_try_advisory_lock}, on a connection of its own
 * held for the whole run and unlocked in finally; for work that spans several transactions or calls
 * other systems in between. The work runs in its own transactions: calling it inside one is refused.</li>
 * <li>{@link #tryInTransaction}: a transaction lock, {@code pg_try_advisory_xact_lock}, taken on the
 * caller's connection and released by its commit or rollback; for work that is one transaction.</li>
 * </ul>
 * Neither waits: an instance that finds the lock taken skips this run, the holder does the work, and
 * the schedule brings the job back. An instance that dies (SIGKILL, OOM, a lost node) holds nothing
 * once PostgreSQL drops its connection: at once when the process's socket closes, within the server's
 * TCP keepalive when the node vanishes. The next run on another instance takes the lock. The lock
 * lives exactly as long as that connection: after a database failover or a dropped connection a
 * stalled holder may overlap with a new one, so every job also stays idempotent per row.
 */
@ApplicationScoped
public class ClusterLock {

    private static final Logger LOG = Logger.getLogger(ClusterLock.class);

    private final AgroalDataSource dataSource;
    private final String schema;

    ClusterLock(AgroalDataSource dataSource, @ConfigProperty(name = "tapbot.db.schema") String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** The advisory lock's name for a job of this service: {@code <schema>:<job>}. */
    public String name(String job) {
        return schema + ":" + job;
    }

    /**
     * Runs the work if no instance of this service is running this job now; true when it ran. The
     * lock is taken on a connection of its own (not the work's) and released after the work, also
     * when it throws (the exception then propagates).
     */
    public boolean runExclusively(String job, Runnable work) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("the lock of " + name(job) + " needs its own connection: call it outside a"
                    + " transaction, and let the work open its own");
        }
        try (Connection session = dataSource.getConnection()) {
            if (!advisory(session, "pg_try_advisory_lock", job)) {
                LOG.debugf("%s runs on another instance, skipped here", name(job));
                return false;
            }
            try {
                work.run();
            } finally {
                unlock(session, job);
            }
            return true;
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the lock of " + name(job), e);
        }
    }

    /**
     * Takes the job's lock for the caller's transaction on its connection, without waiting; false
     * when another instance holds it. Commit or rollback releases it.
     */
    public boolean tryInTransaction(Connection transaction, String job) throws SQLException {
        return advisory(transaction, "pg_try_advisory_xact_lock", job);
    }

    private boolean advisory(Connection connection, String function, String job) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(hashtext(?))")) {
            lock.setString(1, name(job));
            try (ResultSet taken = lock.executeQuery()) {
                taken.next();
                return taken.getBoolean(1);
            }
        }
    }

    private void unlock(Connection session, String job) {
        try {
            if (!advisory(session, "pg_advisory_unlock", job)) {
                LOG.warnf("the lock of %s was gone before its work ended (connection reset?)", name(job));
            }
        } catch (SQLException e) {
            // a connection that fails here is broken, and PostgreSQL released the lock with its session;
            // it must not go back to the pool as if healthy
            LOG.warnf("could not unlock %s, dropping its connection: %s", name(job), e.getMessage());
            try {
                session.abort(Runnable::run);
            } catch (SQLException alreadyGone) {
                // nothing left to release
            }
        }
    }
}
