package kz.tapbot.system;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker + controller) of its own, as a separate JVM started from the test classpath
 * (the kafka_2.13 artifacts test-support brings): fixed loopback ports and a data directory under target/, so that a
 * test can kill it or stop it and start it again on the same ports with the same data, as an operator's restart or a
 * crashed node would. The platform's topics are created at first start, as the Strimzi KafkaTopics do in production.
 */
final class KafkaBrokerProcess implements AutoCloseable {

    private static final Path ROOT = Path.of(System.getProperty("tapbot.root", "..")).toAbsolutePath().normalize();

    private final int port = freePort();
    private final int controllerPort = freePort();
    private final Path dir;
    private final Path config;
    private final Path log;
    private Process process;

    private KafkaBrokerProcess(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("server.properties");
        this.log = dir.resolveSibling("service-logs").resolve("faults-kafka-broker.log");
    }

    /** Formats a fresh data directory, starts the broker and creates every topic of {@link Topics}. */
    static KafkaBrokerProcess start() {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(ROOT.resolve("system-tests/target")), "kafka-broker-");
            KafkaBrokerProcess broker = new KafkaBrokerProcess(dir);
            Files.createDirectories(broker.log.getParent());
            Files.deleteIfExists(broker.log);
            broker.writeConfig();
            broker.format();
            try {
                broker.restart();
                for (String topic : platformTopics()) {
                    TopicProbe.ensureTopic(broker.bootstrapServers(), topic);
                }
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("could not prepare the Kafka broker", e);
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker again on the same ports and data, and waits until it answers. */
    synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = java("kafka.Kafka", config.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start the Kafka broker", e);
        }
        awaitReady(Duration.ofSeconds(90));
    }

    /** SIGKILL: the broker dies at once, unflushed and without telling its clients, as a lost node would. */
    synchronized void kill() {
        end(true);
    }

    /** SIGTERM: a controlled shutdown, as an operator's restart does. */
    synchronized void stop() {
        end(false);
    }

    /** Kills the broker and deletes its data. */
    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // under target/: the next clean removes it
        }
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void writeConfig() throws IOException {
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
    }

    private void format() throws IOException {
        Process formatting = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
                formatting.destroyForcibly();
                throw new IllegalStateException("formatting the Kafka storage failed; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A child JVM on this test JVM's classpath (which holds the broker's artifacts). */
    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms128m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker exited at start; see " + log);
            }
            if (listening()) {
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000))) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    // starting up
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("the Kafka broker was not ready within " + timeout + "; see " + log);
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Every topic name constant of kz.tapbot.events.Topics: a topic added there is created here too. */
    private static List<String> platformTopics() {
        List<String> topics = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return topics;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
