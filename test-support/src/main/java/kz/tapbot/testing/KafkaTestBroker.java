package kz.tapbot.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node KRaft Kafka broker (combined broker + controller) running inside the test
 * JVM, from the org.apache.kafka artifacts. One per JVM, started on first use, on random ports,
 * with its data under target/.
 */
public final class KafkaTestBroker {

    private static KafkaClusterTestKit cluster;
    private static KafkaProducer<String, String> producer;

    private KafkaTestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            cluster = start();
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestBroker::stop, "kafka-test-broker-stop"));
        }
        return cluster.bootstrapServers();
    }

    /** Writes a record as another service would, and waits for the broker's ack. */
    public static synchronized void send(ProducerRecord<String, String> record) {
        sendTogether(List.of(record));
    }

    /**
     * Writes the records in one go (a consumer of their partition then reads them in one poll) and waits for the
     * broker's acks.
     */
    public static synchronized void sendTogether(List<ProducerRecord<String, String>> records) {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(props);
        }
        List<Future<RecordMetadata>> acks = records.stream().map(producer::send).toList();
        producer.flush();
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
            } catch (Exception e) {
                throw new IllegalStateException("could not write to " + records.get(i).topic(), e);
            }
        }
    }

    private static KafkaClusterTestKit start() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .setBaseDirectory(Files.createTempDirectory(target.toAbsolutePath(), "kafka-"))
                    .build();
            KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(nodes)
                    .setConfigProp("num.partitions", 3)
                    .setConfigProp("auto.create.topics.enable", true)
                    .setConfigProp("offsets.topic.replication.factor", (short) 1)
                    .setConfigProp("offsets.topic.num.partitions", 3)
                    .setConfigProp("transaction.state.log.replication.factor", (short) 1)
                    .setConfigProp("transaction.state.log.min.isr", 1)
                    .setConfigProp("group.initial.rebalance.delay.ms", 0)
                    .setDeleteOnClose(true)
                    .build();
            kit.format();
            kit.startup();
            kit.waitForReadyBrokers();
            createTopics(kit.bootstrapServers());
            return kit;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the in-process Kafka broker", e);
        }
    }

    /**
     * Every topic of the platform, created before any service subscribes (as the Strimzi KafkaTopics do in
     * production): a consumer that subscribed to a topic auto-created later may not see it for minutes.
     */
    private static void createTopics(String bootstrapServers) {
        // the names of kz.tapbot.events.Topics (this module is built before the events module)
        for (String topic : java.util.List.of("bot.updates", "bot.messages", "bot.replies", "ai.requests", "taxi.bookings",
                "apartment.bookings", "bot.updates.dlq", "bot.messages.dlq", "bot.replies.dlq", "ai.requests.dlq",
                "taxi.bookings.dlq", "apartment.bookings.dlq", "user.erasures", "user.erasures.dlq")) {
            TopicProbe.ensureTopic(bootstrapServers, topic);
        }
    }

    private static synchronized void stop() {
        if (producer != null) {
            producer.close();
            producer = null;
        }
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting; the data folder is under target/
            }
            cluster = null;
        }
    }
}
