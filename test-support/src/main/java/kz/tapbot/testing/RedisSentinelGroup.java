package kz.tapbot.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis as deploy/k8s runs it, on loopback: a master and a replica with a password, and a Sentinel (quorum 1)
 * that promotes the replica when the master is gone. {@link #killMaster()} is a kill -9 of whichever server is
 * the master now; {@link #awaitFailover} waits until Sentinel names the other one.
 */
public final class RedisSentinelGroup implements AutoCloseable {

    public static final String MASTER_NAME = "tapbot";

    private final String password;
    private final Path dir;
    private final int[] serverPorts = {freePort(), freePort()};
    private final Process[] servers = new Process[2];
    private final int sentinelPort = freePort();
    private Process sentinel;

    public RedisSentinelGroup(String password) {
        this.password = password;
        try {
            this.dir = Files.createDirectories(Path.of("target", "redis-sentinel-" + sentinelPort)).toAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "redis-sentinel-group-stop"));
    }

    /** What the services' TAPBOT_REDIS_URL is on Kubernetes: the Sentinel, not a server. */
    public String sentinelUri() {
        return "redis://127.0.0.1:" + sentinelPort;
    }

    public synchronized RedisSentinelGroup start() {
        servers[0] = server(0, List.of());
        servers[1] = server(1, List.of("--replicaof", "127.0.0.1", String.valueOf(serverPorts[0])));
        awaitReplicaInSync();
        try {
            Path conf = dir.resolve("sentinel.conf");
            Files.writeString(conf, String.join("\n",
                    "port " + sentinelPort,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + serverPorts[0] + " 1",
                    "sentinel auth-pass " + MASTER_NAME + " " + password,
                    "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                    "sentinel failover-timeout " + MASTER_NAME + " 5000",
                    "requirepass " + password, ""));
            sentinel = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is not installed (apt-get install redis-server)", e);
        }
        awaitPort(sentinelPort, sentinel, dir.resolve("sentinel.log"));
        awaitUntil(() -> masterPort() == serverPorts[0], Duration.ofSeconds(30), "Sentinel to see the master");
        return this;
    }

    /** The port Sentinel names as the master's. */
    public int masterPort() {
        List<String> reply = cli(sentinelPort, "SENTINEL", "get-master-addr-by-name", MASTER_NAME);
        return reply.size() >= 2 ? Integer.parseInt(reply.get(1).trim()) : -1;
    }

    /** kill -9 of the current master; returns its port. */
    public synchronized int killMaster() {
        int port = masterPort();
        Process master = servers[port == serverPorts[0] ? 0 : 1];
        master.destroyForcibly();
        try {
            master.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return port;
    }

    /** Waits until Sentinel names a master other than {@code oldMasterPort} and that server takes writes. */
    public int awaitFailover(int oldMasterPort, Duration timeout) {
        awaitUntil(() -> {
            int now = masterPort();
            return now > 0 && now != oldMasterPort && cli(now, "ROLE").get(0).equals("master");
        }, timeout, "Sentinel to promote the replica");
        return masterPort();
    }

    /** A command against one of the servers, e.g. {@code GET key} on the master. */
    public List<String> onServer(int port, String... command) {
        return cli(port, command);
    }

    @Override
    public synchronized void close() {
        for (Process process : new Process[] {sentinel, servers[0], servers[1]}) {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private Process server(int index, List<String> extra) {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(serverPorts[index]),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", "dump-" + index + ".rdb",
                "--save", "", "--appendonly", "no", "--requirepass", password, "--masterauth", password,
                // a master waits 5 s by default for more replicas before a diskless sync; there is one
                "--repl-diskless-sync-delay", "0"));
        command.addAll(extra);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + index + ".log").toFile()).start();
            awaitPort(serverPorts[index], process, dir.resolve("redis-" + index + ".log"));
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("redis-server is not installed (apt-get install redis-server)", e);
        }
    }

    private void awaitReplicaInSync() {
        awaitUntil(() -> String.join("\n", cli(serverPorts[1], "INFO", "replication")).contains("master_link_status:up"),
                Duration.ofSeconds(30), "the replica to sync");
    }

    private List<String> cli(int port, String... command) {
        List<String> argv = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "--raw"));
        argv.addAll(List.of(command));
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().put("REDISCLI_AUTH", password);
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(10, TimeUnit.SECONDS);
            return out.isBlank() ? List.of("") : List.of(out.strip().split("\n"));
        } catch (IOException e) {
            throw new IllegalStateException("redis-cli is not installed (apt-get install redis-server)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of("");
        }
    }

    /** Waits for the port to take connections; a process that exits first fails at once, with its log. */
    private static void awaitPort(int port, Process process, Path log) {
        awaitUntil(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with "
                        + process.exitValue() + ": " + tail(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, Duration.ofSeconds(30), "port " + port + " to open");
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
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
