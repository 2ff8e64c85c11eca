package kz.tapbot.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One TapBot service run from its packaged jar (module/target/quarkus-app/quarkus-run.jar) as operators run it, on a
 * free port, its log in the benchmark's run folder ($BENCH_RUN) and its pid in $BENCH_PIDS so that the script's trap
 * stops it even if this JVM is killed. BENCH_JFR=1 records a JFR profile of it ({name}.jfr, settings=profile);
 * BENCH_SERVICE_JAVA_OPTS adds JVM options (space-separated) to every service's command line.
 */
final class ServiceUnderBench implements AutoCloseable {

    static final Path ROOT = Path.of(System.getProperty("tapbot.root", "..")).toAbsolutePath().normalize();
    static final Path RUN = Path.of(System.getenv().getOrDefault("BENCH_RUN", "target")).toAbsolutePath();

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private ServiceUnderBench(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code module}'s jar with {@code env} (TAPBOT_* variables) and waits until it is ready. */
    static ServiceUnderBench start(String name, String module, Map<String, String> env) {
        Path app = ROOT.resolve(module).resolve("target/quarkus-app");
        if (!Files.exists(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app.resolve("quarkus-run.jar") + " is missing: package " + module + " first");
        }
        int port = freePort();
        try {
            Path jar = copied(app, module).resolve("quarkus-run.jar");
            Path log = RUN.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m"));
            String more = System.getenv().getOrDefault("BENCH_SERVICE_JAVA_OPTS", "").strip();
            if (!more.isEmpty()) {
                command.addAll(List.of(more.split("\\s+")));
            }
            if ("1".equals(System.getenv("BENCH_JFR"))) {
                command.add("-XX:StartFlightRecording=filename=" + RUN.resolve(name + ".jfr") + ",settings=profile,dumponexit=true");
            }
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(RUN.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Instant started = Instant.now();
            Process process = builder.start();
            recordPid(process.pid());
            ServiceUnderBench service = new ServiceUnderBench(name, port, process, log);
            Runtime.getRuntime().addShutdownHook(new Thread(service::close));
            service.awaitReady(Duration.ofSeconds(300));
            System.out.printf("%s ready on port %d in %.1f s%n", name, port,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    /** A copy of the packaged application in the run folder: a rebuild while the benchmark runs cannot change it. */
    private static synchronized Path copied(Path app, String module) throws IOException {
        Path copy = RUN.resolve("apps").resolve(module);
        if (!Files.exists(copy)) {
            Files.createDirectories(copy.getParent());
            try (var files = Files.walk(app)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.copy(file, copy.resolve(app.relativize(file).toString()));
                }
            }
        }
        return copy;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    private static void recordPid(long pid) throws IOException {
        String pids = System.getenv("BENCH_PIDS");
        if (pids != null) {
            Files.writeString(Path.of(pids), pid + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited at start; see " + log);
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
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
