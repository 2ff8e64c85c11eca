package kz.tapbot.platform.messaging;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Settles a poll's batch of a channel read with {@code batch=true}, for a consumer whose work is cheaper a batch at a
 * time (one transaction, one commit, one wait for Kafka's acks): each record is read, the readable ones are stored
 * together, retried in place while our infrastructure fails ({@link TransientFailures}); a record that cannot be read,
 * or that the database refuses (the batch is then stored again one by one to find it), goes to the channel's DLQ with
 * the reason. The batch is acknowledged once all of it is settled, so a crash redelivers it: storing must be
 * idempotent.
 */
@ApplicationScoped
public class IncomingBatches {

    private final TransientFailures failures;
    private final DeadLetterQueue deadLetters;

    IncomingBatches(TransientFailures failures, @Identifier(DeadLetterQueue.STRATEGY) DeadLetterQueue deadLetters) {
        this.failures = failures;
        this.deadLetters = deadLetters;
    }

    /**
     * @param read  a record as the item to store; throws {@link MalformedEventException} for one that is not
     * @param store stores items, all or none; one it refuses for good throws (see {@link TransientFailures#retry})
     * @param what  what storing does, for the log ("recording events")
     */
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<Void> settle(Message<List<String>> batch, Function<ConsumerRecord<String, String>, T> read,
                                            Consumer<List<T>> store, String what) {
        IncomingKafkaRecordBatchMetadata<String, String> polled = batch
                .getMetadata(IncomingKafkaRecordBatchMetadata.class).orElseThrow();
        String channel = polled.getChannel();
        List<CompletableFuture<?>> refused = new ArrayList<>();
        Map<ConsumerRecord<String, String>, T> items = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : polled.getRecords()) {
            try {
                items.put(record, read.apply(record));
            } catch (MalformedEventException e) {
                refused.add(deadLetters.send(channel, record, e).toCompletableFuture());
            }
        }
        try {
            if (!items.isEmpty()) {
                failures.retry(what, () -> store.accept(List.copyOf(items.values())));
            }
        } catch (MalformedEventException batchRefused) {
            // the database refused one of them (or more): each on its own, so that only those go to the DLQ
            items.forEach((record, item) -> {
                try {
                    failures.retry(what, () -> store.accept(List.of(item)));
                } catch (MalformedEventException e) {
                    refused.add(deadLetters.send(channel, record, e).toCompletableFuture());
                }
            });
        }
        return CompletableFuture.allOf(refused.toArray(CompletableFuture[]::new)).thenCompose(written -> batch.ack());
    }
}
