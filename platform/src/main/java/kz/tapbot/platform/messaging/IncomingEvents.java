package kz.tapbot.platform.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
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
            return new Received<>(event, json.readValue(event.data(), dataType));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data is not a " + dataType.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** An event and its data. */
    public record Received<T>(CloudEvent event, T data) {
    }
}
