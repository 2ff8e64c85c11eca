package kz.tapbot.platform.messaging;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import kz.tapbot.platform.tracing.Tracing;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes CloudEvents to Kafka and completes once the broker acknowledged them (acks=all,
 * idempotent producer: a retried send is never written twice). Each send is a span of the current trace (or of
 * the trace an outbox row was written in), and the record carries that trace's W3C context in its headers, so the
 * consumer's work joins the same trace.
 */
@ApplicationScoped
public class EventPublisher {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "tapbot.kafka.send-timeout-ms", defaultValue = "10000")
    int sendTimeoutMs;

    @Inject
    Tracing tracing;

    private KafkaProducer<String, String> producer;

    @PostConstruct
    void connect() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(sendTimeoutMs));
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(sendTimeoutMs - 1000, 1000)));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(sendTimeoutMs));
        producer = new KafkaProducer<>(props);
    }

    /** Completes when Kafka acknowledged the event, exceptionally when it could not be written. */
    public CompletableFuture<RecordMetadata> publish(String topic, CloudEvent event) {
        return publish(topic, event, null);
    }

    /**
     * As {@link #publish(String, CloudEvent)}, in the trace {@code traceparent} names (work written earlier, such
     * as an outbox row) instead of the current one.
     */
    public CompletableFuture<RecordMetadata> publish(String topic, CloudEvent event, String traceparent) {
        Span span = tracing.start(topic + " publish", SpanKind.PRODUCER, tracing.contextOf(traceparent),
                Map.of("messaging.system", "kafka", "messaging.destination.name", topic,
                        "messaging.message.id", event.id(), "cloudevents.event_type", event.type()));
        CompletableFuture<RecordMetadata> acked;
        try {
            ProducerRecord<String, String> record = event.toRecord(topic);
            tracing.inject(Context.current().with(span), record.headers());
            acked = send(record);
        } catch (RuntimeException e) {
            acked = CompletableFuture.failedFuture(e);
        }
        return acked.whenComplete((metadata, error) -> {
            if (error != null) {
                Tracing.failed(span, error);
            }
            span.end();
        });
    }

    /**
     * Writes a record as it is (a dead letter, with its own headers; {@link #publish} for events); completes when
     * Kafka acknowledged it, exceptionally when it could not be written.
     */
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, String> record) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
