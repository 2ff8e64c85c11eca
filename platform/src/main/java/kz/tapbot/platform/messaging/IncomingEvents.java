package kz.tapbot.platform.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a consumed record as a CloudEvent of an expected type; anything else is malformed (-> DLQ). */
@ApplicationScoped
public class IncomingEvents {

    private final ObjectMapper json;

    IncomingEvents(ObjectMapper json) {
        this.json = json;
    }

    public <T> Received<T> read(ConsumerRecord<String, String> record, String expectedType, Class<T> dataType) {
        CloudEvent event = CloudEvent.from(record);
        if (!expectedType.equals(event.type())) {
            throw new MalformedEventException("unexpected ce_type " + event.type() + " on " + record.topic()
                    + ", expected " + expectedType);
        }
        try {
            return new Received<>(event, json.treeToValue(complete(event, dataType.getSimpleName()), dataType));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data is not a " + dataType.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads a record whose type may be any of {@code expectedTypes} (a consumer of every event of a topic), as
     * far as the envelope and the required fields of its type's schema.
     */
    public CloudEvent readAny(ConsumerRecord<String, String> record, Set<String> expectedTypes) {
        CloudEvent event = CloudEvent.from(record);
        if (!expectedTypes.contains(event.type())) {
            throw new MalformedEventException("unexpected ce_type " + event.type() + " on " + record.topic());
        }
        complete(event, event.type());
        return event;
    }

    /** The event's data as JSON, with every field its type's schema requires. */
    private JsonNode complete(CloudEvent event, String what) {
        JsonNode data;
        try {
            data = json.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data is not a " + what + ": " + e.getOriginalMessage(), e);
        }
        Optional<String> missing = RequiredFields.firstMissing(event.type(), data);
        if (missing.isPresent()) {
            throw new MalformedEventException("data is not a " + what + ": " + missing.get());
        }
        return data;
    }

    /** An event and its data. */
    public record Received<T>(CloudEvent event, T data) {
    }
}
