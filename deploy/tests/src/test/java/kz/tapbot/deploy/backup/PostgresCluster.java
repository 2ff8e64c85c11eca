package kz.tapbot.deploy.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL cluster of a drill: its own data directory and loopback port, run by the
 * `postgres` OS user through pg_ctl, never the shared server on 5432.
 */
final class PostgresCluster {

    private final Path bin;
    private final Path dataDir;
    private final int port;

    private PostgresCluster(Path bin, Path dataDir, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
    }

    /** initdb (trust authentication, 1 MB WAL segments to keep the archive small) plus settings. */
    static PostgresCluster initialise(Path bin, Path dataDir, int port, Path socketDir, Map<String, String> settings) {
        Command.of(DrillHost.asPostgres(List.of(bin.resolve("initdb").toString(), "-D", dataDir.toString(),
                        "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--wal-segsize=1",
                        "--no-instructions")))
                .run().assertSucceeded();
        StringBuilder conf = new StringBuilder("\n# drill settings\n")
                .append("port = ").append(port).append('\n')
                .append("listen_addresses = '127.0.0.1'\n")
                .append("unix_socket_directories = '").append(socketDir).append("'\n");
        settings.forEach((name, value) -> conf.append(name).append(" = ").append(value).append('\n'));
        appendConfiguration(dataDir.resolve("postgresql.conf"), conf.toString());
        return new PostgresCluster(bin, dataDir, port);
    }

    /** A data directory made by someone else (pg_basebackup, a restore script) on its port. */
    static PostgresCluster existing(Path bin, Path dataDir, int port) {
        return new PostgresCluster(bin, dataDir, port);
    }

    static void appendConfiguration(Path file, String lines) {
        try {
            // appending keeps the file's owner (postgres)
            Files.writeString(file, lines, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PostgresCluster start() {
        Command.of(DrillHost.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                        "-l", dataDir.resolveSibling(dataDir.getFileName() + ".log").toString(),
                        "-w", "-t", "60", "start")))
                .timeout(Duration.ofSeconds(90))
                .run().assertSucceeded();
        return this;
    }

    /** Stops the server if one runs on this data directory; safe to call in any state. */
    void stop() {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        Command.of(DrillHost.asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(),
                        "-m", "fast", "-w", "-t", "60", "stop")))
                .timeout(Duration.ofSeconds(90))
                .run();
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The libpq variables the backup scripts read. */
    Map<String, String> clientEnvironment(String database) {
        return Map.of("PGHOST", "127.0.0.1", "PGPORT", String.valueOf(port), "PGUSER", "postgres",
                "PGDATABASE", database, "PG_BINDIR", bin.toString());
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    void execute(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    String queryValue(String database, String sql) throws SQLException {
        try (Connection connection = connect(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
