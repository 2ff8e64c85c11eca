package kz.tapbot.analytics.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.analytics.stats.Rollups;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic, in analytics-service's own consumer group from the earliest offset: each event's facts
 * are recorded once (the CloudEvent id is the key) and the rollups updated with them.
 */
@ApplicationScoped
public class Collector {

    private final Rollups rollups;
    private final ObjectMapper json;
    private final TransientFailures failures;

    Collector(Rollups rollups, ObjectMapper json, TransientFailures failures) {
        this.rollups = rollups;
        this.json = json;
        this.failures = failures;
    }

    @Incoming("bot-updates")
    @Blocking
    public void onUpdate(ConsumerRecord<String, String> record) {
        collect(record);
    }

    @Incoming("bot-replies")
    @Blocking
    public void onReply(ConsumerRecord<String, String> record) {
        collect(record);
    }

    @Incoming("taxi-bookings")
    @Blocking
    public void onTaxiBooking(ConsumerRecord<String, String> record) {
        collect(record);
    }

    @Incoming("apartment-bookings")
    @Blocking
    public void onApartmentBooking(ConsumerRecord<String, String> record) {
        collect(record);
    }

    @Incoming("ai-requests")
    @Blocking
    public void onAiRequest(ConsumerRecord<String, String> record) {
        collect(record);
    }

    void collect(ConsumerRecord<String, String> record) {
        Fact fact = Facts.of(record.topic(), CloudEvent.from(record), json);
        failures.retry("recording an event", () -> rollups.record(fact));
    }
}
