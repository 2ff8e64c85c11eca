package kz.tapbot.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TapBot service run from its packaged jar, as operators run it, on a port of its own choosing. No process
 * outlives the test JVM: one that does not get ready is killed at once, and the JVM's exit stops every one still
 * running.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("tapbot.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /** Surefire kills a test JVM 30 s after its tests end, hooks or not: what is still running by then is orphaned. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(12);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ServiceProcess::stopAll, "service-processes-stop"));
    }

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code module}'s jar with {@code env} (TAPBOT_* variables) and waits until it is ready. The service picks
     * its own free port (0) and this reads it from its log: a port chosen here and handed over could be taken by
     * another socket before the service binds it, and the service would exit at start.
     */
    static ServiceProcess start(String name, String module, Map<String, String> env) {
        Path jar = ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the whole build (mvn verify from the root)");
        }
        try {
            Path logs = Files.createDirectories(ROOT.resolve("system-tests/target/service-logs"));
            Path log = logs.resolve(name + ".log");
            // a name started again in this run (a restart, another test class) adds to its log: suite-audit reads all
            boolean first = STARTED.add(name);
            long logStart = first || !Files.exists(log) ? 0 : Files.size(log);
            ProcessBuilder.Redirect output = first ? ProcessBuilder.Redirect.to(log.toFile())
                    : ProcessBuilder.Redirect.appendTo(log.toFile());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.port=0", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(output);
            builder.environment().putAll(env);
            Process process = builder.start();
            RUNNING.add(process);
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            try {
                int port = awaitListening(name, process, log, logStart, deadline);
                ServiceProcess service = new ServiceProcess(name, port, process, log);
                service.awaitReady(deadline, logStart);
                return service;
            } catch (RuntimeException e) {
                process.destroyForcibly();
                RUNNING.remove(process);
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    /** The port in the service's "Listening on: http://0.0.0.0:PORT" line, written after {@code logStart}. */
    private static int awaitListening(String name, Process process, Path log, long logStart, Instant deadline) {
        while (Instant.now().isBefore(deadline)) {
            Matcher listening = LISTENING.matcher(logSince(log, logStart));
            if (listening.find()) {
                return Integer.parseInt(listening.group(1));
            }
            if (!process.isAlive()) {
                throw exitedAtStart(name, log, logStart);
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " did not start listening within " + START_TIMEOUT + "; see " + log
                + lastLines(log, logStart));
    }

    private static IllegalStateException exitedAtStart(String name, Path log, long logStart) {
        return new IllegalStateException(name + " exited at start; see " + log + lastLines(log, logStart));
    }

    /** What the service wrote after {@code logStart}: earlier starts under the same name are not read again. */
    private static String logSince(Path log, long logStart) {
        try (SeekableByteChannel channel = Files.newByteChannel(log)) {
            channel.position(Math.min(logStart, channel.size()));
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** What the service last logged, stack frames left out: CI shows why it did not start without its log files. */
    private static String lastLines(Path log, long logStart) {
        List<String> lines = logSince(log, logStart).lines().filter(line -> !line.startsWith("\tat ")).toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - 25), lines.size());
        return "; its last lines:\n  " + String.join("\n  ", last);
    }

    /** Where the service's log ends now: {@link #loggedSince} reads what it writes after this. */
    long logMark() {
        try {
            return Files.size(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log, e);
        }
    }

    /** The lines the service logged after {@code mark} (from {@link #logMark}). */
    List<String> loggedSince(long mark) {
        return logSince(log, mark).lines().toList();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitReady(Instant deadline, long logStart) {
        HttpClient http = HttpClient.newHttpClient();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw exitedAtStart(name, log, logStart);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(250);
        }
        throw new IllegalStateException(name + " was not ready within " + START_TIMEOUT + "; see " + log
                + lastLines(log, logStart));
    }

    /** SIGKILL: the process dies at once, as a node failure or an OOM kill would end it. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(process);
    }

    /** SIGTERM to every process still running, all at once; SIGKILL to those not gone within {@link #EXIT_GRACE}. */
    private static void stopAll() {
        List<Process> running = List.copyOf(RUNNING);
        running.forEach(Process::destroy);
        Instant deadline = Instant.now().plus(EXIT_GRACE);
        for (Process process : running) {
            try {
                long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
                if (!process.waitFor(left, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
