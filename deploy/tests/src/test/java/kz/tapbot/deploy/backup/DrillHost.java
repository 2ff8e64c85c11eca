package kz.tapbot.deploy.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** What a drill needs to know about the machine it runs on. */
final class DrillHost {

    private DrillHost() {
    }

    /** deploy/tests is two levels below the repository root; Maven runs tests in the module dir. */
    static Path repositoryRoot() {
        Path root = Paths.get("").toAbsolutePath().resolve("../..").normalize();
        if (!Files.isDirectory(root.resolve("deploy/backup"))) {
            throw new IllegalStateException("no deploy/backup under " + root + ": run from deploy/tests");
        }
        return root;
    }

    static Path backupScript(String name) {
        Path script = repositoryRoot().resolve("deploy/backup").resolve(name);
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is missing or not executable");
        }
        return script;
    }

    static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command prefixed so that it runs as the `postgres` OS user (initdb refuses root). */
    static List<String> asPostgres(List<String> command) {
        if (!runsAsRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** The newest /usr/lib/postgresql/N/bin, else what pg_config reports. */
    static Path postgresBinDir() {
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                var newest = versions
                        .filter(dir -> dir.getFileName().toString().matches("\\d+"))
                        .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Paths.get(Command.of("pg_config", "--bindir").run().assertSucceeded().stdout().strip());
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory in /tmp; owned by `postgres` when the drill runs PostgreSQL as root. */
    static Path scratchDirectory(String prefix, boolean forPostgres) {
        try {
            Path dir = Files.createTempDirectory(Paths.get("/tmp"), prefix);
            if (forPostgres && runsAsRoot()) {
                Command.of("chown", "postgres:postgres", dir.toString()).run().assertSucceeded();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a directory inside a scratch directory, owned by `postgres` like its parent. */
    static Path postgresDirectory(Path parent, String name) {
        Path dir = parent.resolve(name);
        Command.of(asPostgres(List.of("mkdir", "-p", dir.toString()))).run().assertSucceeded();
        return dir;
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        Command.of("rm", "-rf", "--", dir.toString()).run();
    }
}
