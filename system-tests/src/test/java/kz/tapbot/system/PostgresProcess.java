package kz.tapbot.system;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of its own (initdb, pg_ctl; run as the `postgres` OS user when the tests run as root, as the
 * backup drills of deploy/tests do) on a free loopback port, with the database tapbot and its owner tapbot that the
 * services migrate with Flyway: a test may stop it and start it again without touching the machine's shared server.
 */
final class PostgresProcess implements AutoCloseable {

    static final String DATABASE = "tapbot";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;

    private PostgresProcess(Path bin, Path dir, int port) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
    }

    /** initdb, settings, start, and the tapbot role and database. */
    static PostgresProcess start() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "tapbot-faults-pg-");
            if (runsAsRoot()) {
                run(List.of("chown", "postgres:postgres", dir.toString()));
            }
            PostgresProcess postgres = new PostgresProcess(binDir(), dir, freePort());
            run(asPostgres(List.of(postgres.bin.resolve("initdb").toString(), "-D", postgres.data.toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions")));
            // appending keeps the file's owner (postgres); fsync off: the tests kill processes, never the machine
            Files.writeString(postgres.data.resolve("postgresql.conf"), String.join("\n", "",
                    "port = " + postgres.port,
                    "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + dir + "'",
                    "max_connections = 200",
                    "fsync = off",
                    "full_page_writes = off",
                    ""), StandardOpenOption.APPEND);
            postgres.restart();
            try (Connection c = DriverManager.getConnection(postgres.url("postgres"), "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE ROLE tapbot LOGIN PASSWORD 'tapbot'");
                s.execute("CREATE DATABASE " + DATABASE + " OWNER tapbot");
            }
            return postgres;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start a PostgreSQL cluster of our own", e);
        }
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** What the services connect to. */
    String jdbcUrl() {
        return url(DATABASE);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "tapbot", "tapbot");
    }

    /** pg_ctl start, waiting until it accepts connections. */
    void restart() {
        run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("postgres.log").toString(), "-w", "-t", "60", "start")));
    }

    /** pg_ctl stop -m immediate: every backend is gone at once and the next start recovers from the WAL, as after a crash. */
    void crash() {
        run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop")));
    }

    @Override
    public void close() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop")));
        }
        run(List.of("rm", "-rf", "--", dir.toString()));
    }

    private static void run(List<String> command) {
        try {
            Path out = Files.createTempFile("pg-cmd-", ".out");
            // output to a file, not a pipe: the postmaster pg_ctl leaves running would hold a pipe open
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + Files.readString(out));
            }
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** initdb refuses root: as root, run the PostgreSQL tools as the `postgres` user. */
    private static List<String> asPostgres(List<String> command) {
        if (!runsAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The newest /usr/lib/postgresql/N/bin (Debian, Ubuntu). */
    private static Path binDir() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
