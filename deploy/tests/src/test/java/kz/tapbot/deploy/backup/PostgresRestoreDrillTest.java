package kz.tapbot.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import kz.tapbot.deploy.backup.ServiceSchemas.TableState;

/**
 * Restore drills of deploy/backup against a PostgreSQL cluster of the drill's own (initdb as the
 * `postgres` user, loopback port, WAL archived by pg-wal-archive.sh): logical dumps per schema,
 * point-in-time recovery from a base backup and the WAL archive, and a streaming replica.
 * Each test works in a database of its own, so their order only makes the printed summary read
 * like the runbook.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRestoreDrillTest {

    private static final String SERVICES_DB = "tapbot";

    private static Path scratch;
    private static Path bin;
    private static Path walArchive;
    private static PostgresCluster primary;
    private static final List<PostgresCluster> started = new ArrayList<>();

    @BeforeAll
    static void startPrimaryWithWalArchiving() throws Exception {
        long t0 = System.nanoTime();
        scratch = DrillHost.scratchDirectory("tapbot-pg-drill-", true);
        bin = DrillHost.postgresBinDir();
        walArchive = DrillHost.postgresDirectory(scratch, "wal-archive");
        Path sockets = DrillHost.postgresDirectory(scratch, "sockets");
        primary = PostgresCluster.initialise(bin, scratch.resolve("primary"), DrillHost.freePort(), sockets, Map.of(
                "wal_level", "replica",
                "archive_mode", "on",
                "archive_command", "'" + DrillHost.backupScript("pg-wal-archive.sh") + " %p %f " + walArchive + "'",
                "archive_timeout", "30",
                "max_wal_senders", "5"));
        started.add(primary.start());
        primary.execute("postgres", "create database " + SERVICES_DB);
        try (Connection connection = primary.connect(SERVICES_DB)) {
            ServiceSchemas.create(connection);
        }
        System.out.printf("[drill] primary: PostgreSQL in %s (bin %s) on 127.0.0.1:%d, archive_command pg-wal-archive.sh, "
                + "schemas taxi + apartments seeded; %s%n", scratch, bin, primary.port(), seconds(t0));
    }

    @AfterAll
    static void stopEveryServerAndDeleteTheData() {
        try {
            for (PostgresCluster cluster : started) {
                cluster.stop();
            }
        } finally {
            DrillHost.deleteRecursively(scratch);
        }
    }

    @Test
    @Order(1)
    void eachServiceSchemaDumpRestoresIntoANewDatabaseWithEqualData() throws Exception {
        Map<String, TableState> original;
        try (Connection connection = primary.connect(SERVICES_DB)) {
            original = ServiceSchemas.state(connection);
        }
        Path dumps = Files.createDirectories(scratch.resolve("dumps"));
        Path expired = Files.createDirectories(dumps.resolve("20200101T000000Z"));
        Path unrelated = Files.createDirectories(dumps.resolve("keep-me"));

        Command.Result dump = Command.of(DrillHost.backupScript("pg-dump-schemas.sh").toString(), "--keep-days", "7",
                        dumps.toString())
                .env(primary.clientEnvironment(SERVICES_DB)).run().assertSucceeded();

        Path backup = Path.of(dump.lastLine());
        assertThat(backup.getParent()).isEqualTo(dumps);
        assertThat(backup.getFileName().toString()).matches("\\d{8}T\\d{6}Z");
        assertThat(list(backup)).containsExactlyInAnyOrder("taxi.dump", "apartments.dump", "SHA256SUMS", "MANIFEST");
        assertThat(Files.readAllLines(backup.resolve("SHA256SUMS"))).hasSize(2);
        assertThat(Files.readString(backup.resolve("MANIFEST")))
                .contains("database=" + SERVICES_DB, "schemas=taxi apartments", "server_version=1");
        assertThat(dump.stderr()).contains("schema 'gateway' does not exist", "schema 'ai' does not exist",
                "schema 'analytics' does not exist");
        assertThat(expired).doesNotExist();
        assertThat(unrelated).exists();

        Command.Result taxi = restore(backup.resolve("taxi.dump"), "tapbot_restored");
        Command.Result apartments = restore(backup.resolve("apartments.dump"), "tapbot_restored");
        Map<String, TableState> restored;
        try (Connection connection = primary.connect("tapbot_restored")) {
            restored = ServiceSchemas.state(connection);
        }

        assertThat(restored).isEqualTo(original);
        System.out.printf("[drill] logical: pg-dump-schemas.sh dumped taxi + apartments (gateway, ai, analytics absent: "
                        + "warned) in %s, pg-restore-schema.sh into new database tapbot_restored in %s + %s; %d rows equal: %s%n",
                dump.seconds(), taxi.seconds(), apartments.seconds(), ServiceSchemas.totalRows(restored),
                ServiceSchemas.describe(restored));
    }

    @Test
    @Order(2)
    void aDumpWithOneFlippedByteIsRefusedBeforeTheDatabaseIsTouched() throws Exception {
        Path dumps = Files.createDirectories(scratch.resolve("dumps-to-damage"));
        Command.Result dump = Command.of(DrillHost.backupScript("pg-dump-schemas.sh").toString(), dumps.toString(), "taxi")
                .env(primary.clientEnvironment(SERVICES_DB)).run().assertSucceeded();
        Path taxiDump = Path.of(dump.lastLine()).resolve("taxi.dump");
        byte[] bytes = Files.readAllBytes(taxiDump);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(taxiDump, bytes);

        Command.Result refused = Command.of(DrillHost.backupScript("pg-restore-schema.sh").toString(), "--create-database",
                        taxiDump.toString(), "tapbot_from_damaged_dump")
                .env(primary.clientEnvironment(SERVICES_DB)).run();

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("REFUSED: checksum mismatch for " + taxiDump);
        assertThat(primary.queryValue("postgres",
                "select count(*) from pg_database where datname = 'tapbot_from_damaged_dump'")).isEqualTo("0");
        System.out.printf("[drill] damaged dump: one bit flipped at byte %d of %d in taxi.dump -> pg-restore-schema.sh "
                + "exit %d, \"checksum mismatch\", no database created%n", bytes.length / 2, bytes.length, refused.exitCode());
    }

    @Test
    @Order(3)
    void pointInTimeRecoveryBringsBackTheDataAsItWasAtTheTargetTime() throws Exception {
        String db = "tapbot_pitr";
        primary.execute("postgres", "create database " + db);
        try (Connection connection = primary.connect(db)) {
            ServiceSchemas.create(connection);
        }
        Path baseBackups = DrillHost.postgresDirectory(scratch, "base-backups");
        Command.Result baseBackup = Command.of(DrillHost.asPostgres(List.of(
                        DrillHost.backupScript("pg-base-backup.sh").toString(), baseBackups.toString())))
                .env(primary.clientEnvironment("postgres")).run().assertSucceeded();
        Path backupDir = Path.of(baseBackup.lastLine());
        assertThat(baseBackup.stderr()).contains("backup successfully verified");
        assertThat(Files.readString(backupDir.resolve("BACKUP_INFO"))).containsPattern("(?m)^started_at=\\d{4}-")
                .containsPattern("(?m)^start_time=\\d{4}-");

        String targetTime;
        Map<String, TableState> atTarget;
        try (Connection connection = primary.connect(db); Statement sql = connection.createStatement()) {
            sql.execute("insert into taxi.bookings (trip_id, chat_id, seats, status)"
                    + " select 1 + g % 2000, 300000 + g, 1, 'AFTER_BASE_BACKUP' from generate_series(1, 500) g");
            sql.execute("update taxi.trips set price_kzt = price_kzt + 100 where id % 20 = 0");
            // autocommit: both are committed; the clock must move past their commit time
            Thread.sleep(50);
            targetTime = primary.queryValue(db,
                    "select to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
            atTarget = ServiceSchemas.state(connection);
            Thread.sleep(50);
            connection.setAutoCommit(false);
            sql.execute("delete from taxi.bookings where id % 10 <> 0");
            sql.execute("drop table apartments.stays");
            connection.commit();
            connection.setAutoCommit(true);
        }
        long afterDestruction = Long.parseLong(primary.queryValue(db, "select count(*) from taxi.bookings"));
        long tArchive = System.nanoTime();
        String lastSegment = primary.queryValue("postgres", "select pg_walfile_name(pg_switch_wal())");
        waitUntilArchived(lastSegment);
        String archiveWait = seconds(tArchive);

        Path restoredDir = scratch.resolve("pitr-data");
        int restoredPort = DrillHost.freePort();
        PostgresCluster restored = PostgresCluster.existing(bin, restoredDir, restoredPort);
        started.add(restored);
        Command.Result pitr = Command.of(DrillHost.asPostgres(List.of(
                        DrillHost.backupScript("pg-pitr-restore.sh").toString(), backupDir.toString(), walArchive.toString(),
                        targetTime, restoredDir.toString(), String.valueOf(restoredPort))))
                .env("PG_BINDIR", bin.toString()).env("PITR_TIMEOUT", "60")
                .timeout(Duration.ofSeconds(90)).run().assertSucceeded();

        assertThat(pitr.stdout()).contains("recovery target time: " + targetTime).contains("reached: recovery stopping before commit");
        Map<String, TableState> recovered;
        try (Connection connection = restored.connect(db)) {
            recovered = ServiceSchemas.state(connection);
        }
        assertThat(recovered).isEqualTo(atTarget);
        assertThat(recovered).containsKey("apartments.stays");
        assertThat(recovered.get("taxi.bookings").rows()).isEqualTo(5500).isNotEqualTo(afterDestruction);
        assertThat(restored.queryValue(db, "select count(*) from taxi.bookings where status = 'AFTER_BASE_BACKUP'"))
                .isEqualTo("500");
        assertThat(restored.queryValue(db, "select pg_is_in_recovery()")).isEqualTo("f");
        String reached = pitr.stdout().lines().filter(line -> line.startsWith("reached: ")).findFirst().orElseThrow();
        System.out.printf("[drill] pitr: pg-base-backup.sh %s (pg_verifybackup OK); 500 bookings + 100 price updates after it; "
                        + "target %s; then deleted bookings down to %d and dropped apartments.stays; WAL %s archived in %s; "
                        + "pg-pitr-restore.sh %s -> %s; came back: %d rows equal to the target: %s%n",
                baseBackup.seconds(), targetTime, afterDestruction, lastSegment, archiveWait, pitr.seconds(),
                reached.substring("reached: ".length()), ServiceSchemas.totalRows(recovered), ServiceSchemas.describe(recovered));
    }

    @Test
    @Order(4)
    void aStreamingReplicaFollowsThePrimaryAndRefusesWrites() throws Exception {
        String db = "tapbot_replication";
        primary.execute("postgres", "create database " + db);
        primary.execute(db, "create table replication_probe (id int primary key, note text not null)");
        Path replicaDir = scratch.resolve("replica-data");
        long t0 = System.nanoTime();
        Command.Result basebackup = Command.of(DrillHost.asPostgres(List.of(bin.resolve("pg_basebackup").toString(),
                        "-h", "127.0.0.1", "-p", String.valueOf(primary.port()), "-U", "postgres", "-D", replicaDir.toString(),
                        "-R", "-X", "stream", "--checkpoint=fast")))
                .run().assertSucceeded();
        int replicaPort = DrillHost.freePort();
        PostgresCluster.appendConfiguration(replicaDir.resolve("postgresql.auto.conf"), "port = " + replicaPort + "\n");
        PostgresCluster replica = PostgresCluster.existing(bin, replicaDir, replicaPort);
        started.add(replica);
        replica.start();
        String setup = seconds(t0);

        assertThat(replica.queryValue(db, "select pg_is_in_recovery()")).isEqualTo("t");
        primary.execute(db, "insert into replication_probe values (1, 'written on the primary')");
        long written = System.nanoTime();
        String seen = null;
        while (seen == null && System.nanoTime() - written < Duration.ofSeconds(20).toNanos()) {
            seen = replica.queryValue(db, "select note from replication_probe where id = 1");
            if (seen == null) {
                Thread.sleep(20);
            }
        }
        long lagMs = (System.nanoTime() - written) / 1_000_000;
        assertThat(seen).isEqualTo("written on the primary");
        assertThatThrownBy(() -> replica.execute(db, "insert into replication_probe values (2, 'written on the replica')"))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("25006"));
        System.out.printf("[drill] replica: pg_basebackup -R + start on 127.0.0.1:%d in %s (base backup %s); "
                        + "pg_is_in_recovery() = t; a row written on the primary was visible on the replica after %d ms; "
                        + "INSERT on the replica refused with SQLSTATE 25006%n",
                replicaPort, setup, basebackup.seconds(), lagMs);
    }

    private static Command.Result restore(Path dump, String database) {
        return Command.of(DrillHost.backupScript("pg-restore-schema.sh").toString(), "--create-database", dump.toString(), database)
                .env(primary.clientEnvironment(SERVICES_DB)).run().assertSucceeded();
    }

    private static void waitUntilArchived(String segment) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String archived = primary.queryValue("postgres", "select coalesce(last_archived_wal, '') from pg_stat_archiver");
            if (archived.compareTo(segment) >= 0 && Files.exists(walArchive.resolve(segment))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("WAL segment " + segment + " not archived within 30 s; pg_stat_archiver: "
                + primary.queryValue("postgres", "select failed_count || ' failures, last: ' || coalesce(last_failed_wal, '-')"
                + " from pg_stat_archiver"));
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
