package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.testing.KafkaBrokerResource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a service share the database: a job guarded by the cluster lock runs on one of them at a
 * time, and an instance that dies with the lock does not keep it.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ClusterLockTest {

    @Inject
    ClusterLock cluster;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    private final String job = "test-job-" + UUID.randomUUID();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void whileOneInstanceRunsAJobAnotherSkipsItAndRunsItOnceItIsFree() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService firstInstance = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = holdTheJob(firstInstance, running, finish);
            assertTrue(running.await(20, TimeUnit.SECONDS), "the first instance runs the job");

            assertFalse(cluster.runExclusively(job, runs::incrementAndGet), "a second instance skips the running job");
            assertEquals(0, runs.get());

            finish.countDown();
            assertTrue(first.get(20, TimeUnit.SECONDS));
            assertTrue(cluster.runExclusively(job, runs::incrementAndGet), "the job is free once the first run ended");
            assertEquals(1, runs.get());
        } finally {
            finish.countDown();
            firstInstance.shutdownNow();
        }
    }

    @Test
    void aJobHeldByAnInstanceThatDiedIsTakenOverOncePostgresDropsItsConnection() throws Exception {
        // another instance, with its own connection (not from this instance's pool), holds the job as ClusterLock does
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        try (Connection otherInstance = new org.postgresql.Driver().connect(url, login)) {
            long pid = single(otherInstance, "SELECT pg_backend_pid()");
            assertEquals(1, single(otherInstance, "SELECT pg_try_advisory_lock(hashtext('" + cluster.name(job) + "'))::int"));

            assertFalse(cluster.runExclusively(job, runs::incrementAndGet), "held by the other instance");

            // the other instance is killed: PostgreSQL ends its session when the connection goes
            try (Connection c = dataSource.getConnection()) {
                assertEquals(1, single(c, "SELECT pg_terminate_backend(" + pid + ", 20000)::int"));
            }
            assertTrue(cluster.runExclusively(job, runs::incrementAndGet), "taken over after the holder died");
            assertEquals(1, runs.get());
        }
    }

    @Test
    void aRunWhoseLockConnectionIsCutLeavesNoLockBehind() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService firstInstance = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> first = holdTheJob(firstInstance, running, finish);
            assertTrue(running.await(20, TimeUnit.SECONDS));
            try (Connection c = dataSource.getConnection()) {
                long holder = single(c, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted"
                        + " AND ((classid::bigint << 32) | objid::bigint) = hashtext('" + cluster.name(job) + "')::bigint");
                assertEquals(1, single(c, "SELECT pg_terminate_backend(" + holder + ", 20000)::int"));
            }
            assertTrue(cluster.runExclusively(job, runs::incrementAndGet), "free once the holder's session is gone");

            finish.countDown();
            assertTrue(first.get(20, TimeUnit.SECONDS), "the cut run still ends, without an error");
            assertTrue(cluster.runExclusively(job, runs::incrementAndGet), "and its connection left no lock behind");
            assertEquals(2, runs.get());
        } finally {
            finish.countDown();
            firstInstance.shutdownNow();
        }
    }

    private static long single(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            assertTrue(r.next(), sql);
            return r.getLong(1);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Another instance runs the job: it signals {@code running}, then holds it until {@code finish}. */
    private Future<Boolean> holdTheJob(ExecutorService instance, CountDownLatch running, CountDownLatch finish) {
        return instance.submit(() -> cluster.runExclusively(job, () -> {
            running.countDown();
            awaitQuietly(finish);
        }));
    }
}
