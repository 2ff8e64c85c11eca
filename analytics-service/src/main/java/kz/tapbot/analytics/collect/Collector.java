package kz.tapbot.analytics.collect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import kz.tapbot.analytics.stats.Rollups;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.IncomingBatches;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.messaging.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Every topic, in analytics-service's own consumer group from the earliest offset, a poll's batch at a time: each
 * event's facts are recorded once (the CloudEvent id is the key) and the rollups updated with them, one transaction
 * per batch. A record that is not an event of its topic, or that the database refuses, goes to the topic's DLQ with
 * the reason and the rest of its batch is recorded; the batch is acknowledged once all of it is settled.
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
    private final IncomingEvents incoming;
    private final IncomingBatches batches;

    Collector(Rollups rollups, ObjectMapper json, IncomingEvents incoming, IncomingBatches batches) {
        this.rollups = rollups;
        this.json = json;
        this.incoming = incoming;
        this.batches = batches;
    }

    @Incoming("bot-updates")
    @Blocking
    public CompletionStage<Void> onUpdates(Message<List<String>> batch) {
        return collect(batch);
    }

    @Incoming("bot-replies")
    @Blocking
    public CompletionStage<Void> onReplies(Message<List<String>> batch) {
        return collect(batch);
    }

    @Incoming("taxi-bookings")
    @Blocking
    public CompletionStage<Void> onTaxiBookings(Message<List<String>> batch) {
        return collect(batch);
    }

    @Incoming("apartment-bookings")
    @Blocking
    public CompletionStage<Void> onApartmentBookings(Message<List<String>> batch) {
        return collect(batch);
    }

    @Incoming("ai-requests")
    @Blocking
    public CompletionStage<Void> onAiRequests(Message<List<String>> batch) {
        return collect(batch);
    }

    CompletionStage<Void> collect(Message<List<String>> batch) {
        return batches.settle(batch, this::read, rollups::record, "recording events");
    }

    private Fact read(ConsumerRecord<String, String> consumed) {
        Set<String> types = TYPES.get(consumed.topic());
        if (types == null) {
            throw new MalformedEventException("not a topic analytics collects: " + consumed.topic());
        }
        return Facts.of(consumed.topic(), incoming.readAny(consumed, types), json);
    }
}
