package kz.tapbot.deploy.backup;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One external command of a drill: a script under test or a server tool. Output goes to files,
 * not pipes, so a daemon a script leaves running (postgres, redis-server) cannot hold the test
 * waiting for an end of stream.
 */
final class Command {

    /** Variables of the developer's shell that would point a script at the shared servers. */
    private static final List<String> INHERITED_CONNECTION_PREFIXES =
            List.of("PG", "REDIS", "QDRANT");

    record Result(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

        Result assertSucceeded() {
            if (exitCode != 0) {
                throw new AssertionError("exit code " + exitCode + " from " + String.join(" ", command)
                        + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr);
            }
            return this;
        }

        /** The last non-empty line of stdout: what the backup scripts print as their result. */
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }

        String seconds() {
            return String.format("%.1f s", took.toMillis() / 1000.0);
        }
    }

    private final List<String> command = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(120);
    private Path workingDirectory;

    private Command(List<String> command) {
        this.command.addAll(command);
    }

    static Command of(String... command) {
        return new Command(List.of(command));
    }

    static Command of(List<String> command) {
        return new Command(command);
    }

    Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    Command env(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Command timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    Command in(Path directory) {
        this.workingDirectory = directory;
        return this;
    }

    Result run() {
        long start = System.nanoTime();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("drill-cmd-", ".out");
            err = Files.createTempFile("drill-cmd-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            builder.environment().keySet().removeIf(name ->
                    INHERITED_CONNECTION_PREFIXES.stream().anyMatch(name::startsWith));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: "
                        + String.join(" ", command) + "\n--- stderr\n" + Files.readString(err));
            }
            return new Result(List.copyOf(command), process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left in /tmp is harmless
            }
        }
    }
}
