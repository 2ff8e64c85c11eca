package kz.tapbot.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import kz.tapbot.testing.CpuTime;

/** What the benchmarks share: the surroundings given by bench/lib-stack.sh, and small Kafka helpers. */
final class Harness {

    /**
     * The processes a benchmark's CPU is read from: the services it started, the broker and redis-server the script
     * started (BENCH_KAFKA_PID, BENCH_REDIS_PID) and this harness, under {@code harness}.
     */
    static Map<String, Long> processes(List<ServiceUnderBench> services, String harness) {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach(service -> pids.put(service.name(), service.pid()));
        pids.put("Kafka broker", Long.parseLong(System.getenv().getOrDefault("BENCH_KAFKA_PID", "0")));
        pids.put("redis-server", Long.parseLong(System.getenv().getOrDefault("BENCH_REDIS_PID", "0")));
        pids.put(harness, ProcessHandle.current().pid());
        return pids;
    }

    /** "name 1.23, name 4.56, ...": CPU ms per event between two readings, by process and for the machine. */
    static String cpuPerEvent(CpuTime from, CpuTime until, long events, int decimals) {
        return until.millisPer(from, Math.max(1, events)).entrySet().stream()
                .map(entry -> entry.getKey() + String.format(" %." + decimals + "f", entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    static final String KAFKA = required("BENCH_KAFKA");
    static final String REDIS_URL = required("BENCH_REDIS_URL");
    static final String DB_URL = required("BENCH_DB_URL");

    private Harness() {
    }

    /** What a benchmark's main does: exit 0 once it printed its figures, 1 if it failed (whatever threads remain). */
    interface Benchmark {
        void measure() throws Exception;
    }

    static void exitAfter(Benchmark benchmark) {
        int status = 0;
        try {
            benchmark.measure();
        } catch (Throwable e) {
            e.printStackTrace();
            System.out.println("the benchmark failed: " + e);
            status = 1;
        }
        System.out.flush();
        System.exit(status);
    }

    static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: run the benchmark through its bench/NN-*.sh script");
        }
        return value;
    }

    static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    /** What every service process gets: the broker, the database, its own Redis, no tracing exporter. */
    static Map<String, String> serviceEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("TAPBOT_KAFKA_BOOTSTRAP_SERVERS", KAFKA);
        env.put("TAPBOT_DB_URL", DB_URL);
        env.put("TAPBOT_REDIS_URL", REDIS_URL);
        env.put("TAPBOT_TRACING_DISABLED", "true");
        env.put("TAPBOT_VECTOR_DATA_DIR", ServiceUnderBench.RUN.resolve("vectors").toString());
        return env;
    }

    static void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (Exception e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + topic, e);
            }
        }
    }

    static int partitions(String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KafkaConsumer<byte[], byte[]> rawConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    /** The end offset of each partition of the topic, now. */
    static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = rawConsumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            return consumer.endOffsets(partitions);
        }
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
