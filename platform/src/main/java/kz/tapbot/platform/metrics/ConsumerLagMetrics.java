package kz.tapbot.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.platform.messaging.DeadLetterQueue;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * The Kafka gauges operators alert on, refreshed every tapbot.metrics.lag-interval (15 s):
 * tapbot_kafka_consumer_lag{group,topic,partition} (end offset minus the group's committed offset, or
 * minus the earliest offset while the group committed nothing: it reads from the start) for every
 * incoming channel of this service, and tapbot_dlq_end_offset{topic} (records ever written) for every
 * dead-letter topic those channels write to. A failed refresh keeps the last values.
 */
@ApplicationScoped
public class ConsumerLagMetrics {

    private static final Logger LOG = Logger.getLogger(ConsumerLagMetrics.class);
    private static final String INCOMING = "mp.messaging.incoming.";
    private static final long TIMEOUT_SECONDS = 10;

    /** A consumer group and the topic it reads. */
    record Subscription(String group, String topic) {
    }

    private final MeterRegistry registry;
    private final Config config;
    private final Set<Subscription> subscriptions = new LinkedHashSet<>();
    private final Set<String> deadLetterTopics = new TreeSet<>();
    private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
    private Admin admin;

    ConsumerLagMetrics(MeterRegistry registry, Config config) {
        this.registry = registry;
        this.config = config;
        readChannels();
        // a DLQ's series exists from the start, so that its first record is an increase
        deadLetterTopics.forEach(topic -> gauge("tapbot.dlq.end.offset", "topic", topic));
    }

    /** The Kafka channels this service reads, from the same configuration SmallRye Reactive Messaging uses. */
    private void readChannels() {
        Set<String> channels = new TreeSet<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(INCOMING) && name.endsWith(".connector")) {
                channels.add(name.substring(INCOMING.length(), name.length() - ".connector".length()));
            }
        }
        for (String channel : channels) {
            String prefix = INCOMING + channel + ".";
            if (!"smallrye-kafka".equals(value(prefix + "connector").orElse(""))
                    || !Boolean.parseBoolean(value(prefix + "enabled").orElse("true"))) {
                continue;
            }
            String topic = value(prefix + "topic").orElse(channel);
            // Quarkus' default group id is the application name
            String group = value(prefix + "group.id").or(() -> value("mp.messaging.connector.smallrye-kafka.group.id"))
                    .or(() -> value("quarkus.application.name")).orElse(channel);
            subscriptions.add(new Subscription(group, topic));
            String strategy = value(prefix + "failure-strategy")
                    .or(() -> value("mp.messaging.connector.smallrye-kafka.failure-strategy")).orElse("fail");
            if ("dead-letter-queue".equals(strategy) || DeadLetterQueue.STRATEGY.equals(strategy)) {
                deadLetterTopics.add(value(prefix + "dead-letter-queue.topic").orElse("dead-letter-topic-" + topic));
            }
        }
    }

    private Optional<String> value(String name) {
        return config.getOptionalValue(name, String.class).filter(v -> !v.isBlank());
    }

    Set<Subscription> subscriptions() {
        return subscriptions;
    }

    @Scheduled(every = "${tapbot.metrics.lag-interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (subscriptions.isEmpty() && deadLetterTopics.isEmpty()) {
            return;
        }
        try {
            measure();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Kafka is down or slow: the gauges keep their last values, readiness reports the outage
            LOG.debugf("consumer lag not refreshed: %s", e.toString());
        }
    }

    private void measure() throws InterruptedException, ExecutionException, TimeoutException {
        Admin kafka = admin();
        Set<String> topics = new TreeSet<>(deadLetterTopics);
        subscriptions.forEach(s -> topics.add(s.topic()));
        Map<String, KafkaFuture<TopicDescription>> described = kafka.describeTopics(topics).topicNameValues();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            try {
                described.get(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            } catch (ExecutionException notYetCreated) {
                // a topic no producer wrote to yet: no lag, no dead letters
            }
        }
        Map<TopicPartition, Long> ends = offsets(kafka, latest);
        for (String topic : deadLetterTopics) {
            long written = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(Map.Entry::getValue).sum();
            gauge("tapbot.dlq.end.offset", "topic", topic).set(written);
        }
        Map<TopicPartition, Long> starts = null;
        for (String group : subscriptions.stream().map(Subscription::group).distinct().toList()) {
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (Subscription s : subscriptions) {
                if (!s.group().equals(group)) {
                    continue;
                }
                for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                    TopicPartition partition = end.getKey();
                    if (!partition.topic().equals(s.topic())) {
                        continue;
                    }
                    OffsetAndMetadata at = committed.get(partition);
                    long from;
                    if (at != null) {
                        from = at.offset();
                    } else {
                        if (starts == null) {
                            starts = earliest(kafka, ends.keySet());
                        }
                        from = starts.getOrDefault(partition, 0L);
                    }
                    gauge("tapbot.kafka.consumer.lag", "group", group, "topic", s.topic(),
                            "partition", String.valueOf(partition.partition())).set(Math.max(0, end.getValue() - from));
                }
            }
        }
    }

    private Map<TopicPartition, Long> earliest(Admin kafka, Set<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(p -> specs.put(p, OffsetSpec.earliest()));
        return offsets(kafka, specs);
    }

    private static Map<TopicPartition, Long> offsets(Admin kafka, Map<TopicPartition, OffsetSpec> specs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        if (specs.isEmpty()) {
            return offsets;
        }
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : kafka.listOffsets(specs).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            offsets.put(e.getKey(), e.getValue().offset());
        }
        return offsets;
    }

    private AtomicLong gauge(String name, String... tags) {
        return values.computeIfAbsent(name + String.join(",", tags), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).tags(tags).strongReference(true).register(registry);
            return value;
        });
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Properties props = new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.getValue("kafka.bootstrap.servers", String.class));
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tapbot-lag-metrics");
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_SECONDS * 1000));
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT_SECONDS * 1000 / 2));
            admin = Admin.create(props);
        }
        return admin;
    }

    synchronized void stop(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
