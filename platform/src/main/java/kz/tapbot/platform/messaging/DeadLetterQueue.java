package kz.tapbot.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
        String topic = config.getDeadLetterQueueTopic()
                .orElse("dead-letter-topic-" + config.getTopic().orElse(config.getChannel()));
        String channel = config.getChannel();
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                ProducerRecord<String, String> dead = deadLetter(topic, record, reason);
                // the reason stays in the record's headers: it may quote the record, and logs never do
                LOG.infof("a record of channel %s (%s-%d@%d) goes to %s (%s)", channel, record.getTopic(),
                        record.getPartition(), record.getOffset(), topic, reason.getClass().getSimpleName());
                // off the consumer's event loop: a send may wait for the topic's metadata
                return Uni.createFrom().completionStage(() -> publisher.send(dead))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                        .onItem().transformToUni(written -> Uni.createFrom().completionStage(record.ack()))
                        .emitOn(record::runOnMessageContext);
            }
        };
    }

    private static ProducerRecord<String, String> deadLetter(String topic, IncomingKafkaRecord<?, ?> record,
                                                             Throwable reason) {
        ProducerRecord<String, String> dead = new ProducerRecord<>(topic, null,
                record.getKey() == null ? null : record.getKey().toString(),
                record.getPayload() == null ? null : record.getPayload().toString());
        header(dead, "dead-letter-exception-class-name", reason.getClass().getName());
        header(dead, "dead-letter-reason", message(reason));
        if (reason.getCause() != null) {
            header(dead, "dead-letter-cause-class-name", reason.getCause().getClass().getName());
            header(dead, "dead-letter-cause", message(reason.getCause()));
        }
        header(dead, "dead-letter-topic", record.getTopic());
        header(dead, "dead-letter-partition", Integer.toString(record.getPartition()));
        header(dead, "dead-letter-offset", Long.toString(record.getOffset()));
        record.getHeaders().forEach(h -> dead.headers().add(h));
        return dead;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.toString();
    }
}
