package kz.tapbot.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A private redis-server process (the machine's real binary) on a free port, so that a test may
 * stop and restart Redis without disturbing anything else that uses the shared one.
 */
public final class RedisServerProcess {

    private final int port;
    private final boolean appendOnly;
    private Process process;

    public RedisServerProcess() {
        this(false);
    }

    /**
     * With {@code appendOnly}, Redis keeps its data across a stop and start as production's does
     * (appendonly yes, appendfsync everysec, in target/redis-{port}); without, it starts empty each time.
     */
    public RedisServerProcess(boolean appendOnly) {
        this.port = freePort();
        this.appendOnly = appendOnly;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "redis-server-stop-" + port));
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of("target", "redis-" + port)).toAbsolutePath();
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", appendOnly ? "yes" : "no", "--appendfsync", "everysec",
                    "--dir", dir.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is not installed (apt-get install redis-server)", e);
        }
        awaitPort(true);
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
        awaitPort(false);
    }

    private void awaitPort(boolean open) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                if (open) {
                    return;
                }
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not " + (open ? "start" : "stop"));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
