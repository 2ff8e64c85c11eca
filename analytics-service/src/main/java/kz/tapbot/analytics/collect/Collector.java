package kz.tapbot.analytics.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import kz.tapbot.analytics.stats.Rollups;
import java.util.Map;
import java.util.Set;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.MalformedEventException;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic, in analytics-service's own consumer group from the earliest offset: each event's facts
 * are recorded once (the CloudEvent id is the key) and the rollups updated with them.
 */
@ApplicationScoped
public class Collector {

    /** The events each topic carries; anything else on it (an unknown type) goes to the topic's DLQ. */
    private static final Map<String, Set<String>> TYPES = Map.of(
            Topics.BOT_UPDATES, Set.of(EventTypes.UPDATE_RECEIVED),
            Topics.BOT_REPLIES, Set.of(EventTypes.REPLY_REQUESTED),
            Topics.AI_REQUESTS, Set.of(EventTypes.AI_REQUESTED),
            Topics.TAXI_BOOKINGS, Set.of(EventTypes.TAXI_BOOKING_REQUESTED, EventTypes.TAXI_BOOKING_CONFIRMED,
                    EventTypes.TAXI_BOOKING_CANCELLED, EventTypes.TAXI_BOOKING_COMPLETED),
            Topics.APARTMENT_BOOKINGS, Set.of(EventTypes.APARTMENT_BOOKING_REQUESTED,
                    EventTypes.APARTMENT_BOOKING_CONFIRMED, EventTypes.APARTMENT_BOOKING_DECLINED,
                    EventTypes.APARTMENT_BOOKING_EXPIRED, EventTypes.APARTMENT_BOOKING_CANCELLED));

    private final Rollups rollups;
    private final ObjectMapper json;
    private final TransientFailures failures;
    private final IncomingEvents incoming;

    Collector(Rollups rollups, ObjectMapper json, TransientFailures failures, IncomingEvents incoming) {
        this.rollups = rollups;
        this.json = json;
        this.failures = failures;
        this.incoming = incoming;
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
        Set<String> types = TYPES.get(record.topic());
        if (types == null) {
            throw new MalformedEventException("not a topic analytics collects: " + record.topic());
        }
        Fact fact = Facts.of(record.topic(), incoming.readAny(record, types), json);
        failures.retry("recording an event", () -> rollups.record(fact));
    }
}
