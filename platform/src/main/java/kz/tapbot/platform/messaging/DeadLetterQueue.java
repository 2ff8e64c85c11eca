package kz.tapbot.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * The failure strategy of every incoming channel ({@value #STRATEGY}): a record its consumer refused for good goes to
 * the channel's {@code dead-letter-queue.topic} (by default {@code dead-letter-topic-<topic>}) with the reason, the
 * same headers as SmallRye's own dead-letter-queue strategy (dead-letter-reason, -cause, -topic, -partition, -offset,
 * the exception classes, then the record's own headers), and is acknowledged once Kafka has it. It writes through
 * the service's one producer ({@link EventPublisher}'s) instead of SmallRye's producer per channel, which were made
 * one after the other while the service started (six in ai-service and in analytics-service).
 */
@ApplicationScoped
@Identifier(DeadLetterQueue.STRATEGY)
public class DeadLetterQueue implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "tapbot-dead-letter-queue";
    private static final Logger LOG = Logger.getLogger(DeadLetterQueue.class);

    private final EventPublisher publisher;

    DeadLetterQueue(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx,
                                      KafkaConsumer<?, ?> consumer, BiConsumer<Throwable, Boolean> reportFailure) {
        // the connector's own reading: a channel read by several consumers is named bot-updates$1, and so on
        String topic = config.getDeadLetterQueueTopic()
                .orElse("dead-letter-topic-" + config.getTopic().orElse(config.getChannel()));
        String channel = config.getChannel();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                ConsumerRecord<?, ?> consumed = record.getMetadata(IncomingKafkaRecordMetadata.class)
                        .map(IncomingKafkaRecordMetadata::getRecord).orElseThrow();
                // off the consumer's event loop: a send may wait for the topic's metadata
                return Uni.createFrom().completionStage(() -> write(channel, topic, consumed, reason))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .onItem().transformToUni(written -> Uni.createFrom().completionStage(record.ack()))
                        .emitOn(record::runOnMessageContext);
            }
        };
    }

    /**
     * For a consumer of batches ({@code batch=true}), which acknowledges the batch as a whole: one record of it that
     * the consumer refused goes to the channel's dead-letter topic, as the strategy would send it; completes once Kafka
     * has it. The record is not acknowledged here (the batch is).
     */
    public CompletionStage<?> send(String channel, ConsumerRecord<?, ?> record, Throwable reason) {
        // configured as the connector reads it: bot-updates$1 (one of several consumers of a channel) as bot-updates
        String prefix = "mp.messaging.incoming." + channel.replaceFirst("\\$\\d+$", "") + ".";
        Config config = ConfigProvider.getConfig();
        String topic = config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class).orElse(
                "dead-letter-topic-" + config.getOptionalValue(prefix + "topic", String.class).orElse(channel));
        return write(channel, topic, record, reason);
    }

    private CompletionStage<?> write(String channel, String topic, ConsumerRecord<?, ?> record, Throwable reason) {
        // the reason stays in the record's headers: it may quote the record, and logs never do
        LOG.infof("a record of channel %s (%s-%d@%d) goes to %s (%s)", channel, record.topic(),
                record.partition(), record.offset(), topic, reason.getClass().getSimpleName());
        return publisher.send(deadLetter(topic, record, reason));
    }

    private static ProducerRecord<String, String> deadLetter(String topic, ConsumerRecord<?, ?> record,
                                                             Throwable reason) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(topic, null,
                record.key() == null ? null : record.key().toString(),
                record.value() == null ? null : record.value().toString());
        header(dead, "dead-letter-exception-class-name", reason.getClass().getName());
        header(dead, "dead-letter-reason", message(reason));
        if (reason.getCause() != null) {
            header(dead, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
            header(dead, "dead-letter-cause", message(reason.getCause()));
        }
        header(dead, "dead-letter-topic", record.topic());
        header(dead, "dead-letter-partition", Integer.toString(record.partition()));
        header(dead, "dead-letter-offset", Long.toString(record.offset()));
        record.headers().forEach(h -> dead.headers().add(h));
        return dead;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }
}
