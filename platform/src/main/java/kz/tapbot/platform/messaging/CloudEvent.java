package kz.tapbot.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The one event envelope on every topic: a CloudEvent in Kafka binary mode (ce_* headers, JSON
 * data as the record value, the record key as the partitioning key).
 */
public record CloudEvent(String id, String type, String source, Instant time, String key, String data) {

    public static final String SPEC_VERSION = "1.0";

    public CloudEvent {
        require(id, "ce_id");
        require(type, "ce_type");
        require(source, "ce_source");
        require(data, "data");
    }

    /** Reads the envelope of a consumed record; a record without the CloudEvent headers is malformed. */
    public static CloudEvent from(ConsumerRecord<String, String> record) {
        return from(record.key(), record.value(), record.headers());
    }

    /** Reads the envelope from the parts of a consumed record. */
    public static CloudEvent from(String key, String value, Headers headers) {
        String time = header(headers, "ce_time");
        try {
            return new CloudEvent(header(headers, "ce_id"), header(headers, "ce_type"), header(headers, "ce_source"),
                    time == null ? null : Instant.parse(time), key, value);
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }

    public ProducerRecord<String, String> toRecord(String topic) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, data);
        Headers headers = record.headers();
        headers.add("ce_specversion", bytes(SPEC_VERSION));
        headers.add("ce_id", bytes(id));
        headers.add("ce_type", bytes(type));
        headers.add("ce_source", bytes(source));
        if (time != null) {
            headers.add("ce_time", bytes(time.toString()));
        }
        headers.add("content-type", bytes("application/json"));
        return record;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing " + what);
        }
    }
}
