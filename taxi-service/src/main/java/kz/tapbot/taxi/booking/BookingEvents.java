package kz.tapbot.taxi.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.TaxiBookingChanged;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.taxi.trip.Trip;

/** Announces a booking's new status on taxi.bookings, through the outbox, in the caller's transaction. */
@ApplicationScoped
@Startup // created at start, so that the counters' series exist before the first booking
public class BookingEvents {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    /** tapbot_bookings_total{service="taxi",status}: every status has its series from the start. */
    private final Map<Booking.Status, Counter> changes = new EnumMap<>(Booking.Status.class);

    BookingEvents(Outbox outbox, ObjectMapper json, Clock clock, MeterRegistry metrics) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        for (Booking.Status status : Booking.Status.values()) {
            changes.put(status, metrics.counter("tapbot.bookings", "service", "taxi", "status", status.code()));
        }
    }

    private Counter changes(Booking.Status status) {
        return changes.get(status);
    }

    public void announce(Booking booking, Trip trip) {
        outbox.add(Topics.TAXI_BOOKINGS, event(booking, trip));
        changes(booking.status()).increment();
    }

    /**
     * A new booking, in the status it was written in: requested while it waits for a trip, or confirmed when it was
     * seated at once (one event, as an instant-book stay is announced: analytics counts a booking's first event as
     * its request).
     */
    public void announceNew(Booking request, Optional<Trip> seatedOn) {
        if (seatedOn.isPresent()) {
            Trip trip = seatedOn.get();
            announce(request.confirmedOn(trip.id(), trip.pricePerSeat()), trip);
        } else {
            announce(request, null);
        }
    }

    private CloudEvent event(Booking booking, Trip trip) {
        String type = switch (booking.status()) {
            case REQUESTED -> EventTypes.TAXI_BOOKING_REQUESTED;
            case CONFIRMED -> EventTypes.TAXI_BOOKING_CONFIRMED;
            case CANCELLED -> EventTypes.TAXI_BOOKING_CANCELLED;
            case COMPLETED -> EventTypes.TAXI_BOOKING_COMPLETED;
        };
        TaxiBookingChanged change = new TaxiBookingChanged(booking.id(), booking.status().code(), booking.fromCity(),
                booking.toCity(), booking.date(), booking.seats(), booking.pricePerSeat(), booking.total(),
                booking.passengerId(), trip == null ? null : trip.driverId(), trip == null ? null : trip.id(),
                trip == null ? null : trip.departureAt(), clock.instant());
        try {
            // one event per booking and status: a repeated change announces nothing new
            return new CloudEvent(EventIds.derived(booking.id().toString(), booking.status().code()), type,
                    "/tapbot/taxi-service", clock.instant(), booking.id().toString(), json.writeValueAsString(change));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
