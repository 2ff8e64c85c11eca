package kz.tapbot.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
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

    /** A producer of string records as the services' own: acks from all replicas, idempotent, 1 ms linger. */
    static KafkaProducer<String, String> stringProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        return new KafkaProducer<>(props);
    }

    /** A reply for bot.replies as a dialog service publishes it: a CloudEvent in binary mode, keyed by its chat. */
    static ProducerRecord<String, String> replyRecord(BotReply reply, ObjectMapper json) throws JsonProcessingException {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.BOT_REPLIES, String.valueOf(reply.chatId()),
                json.writeValueAsString(reply));
        record.headers().add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(EventTypes.REPLY_REQUESTED))
                .add("ce_source", bytes("/tapbot/bench"))
                .add("ce_time", bytes(Instant.now().toString()))
                .add("content-type", bytes("application/json"));
        return record;
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }
}
