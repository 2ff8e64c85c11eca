package kz.tapbot.taxi.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.TaxiBookingChanged;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.outbox.Outbox;
import kz.tapbot.taxi.trip.Trip;

/** Announces a booking's new status on taxi.bookings, through the outbox, in the caller's transaction. */
@ApplicationScoped
public class BookingEvents {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    BookingEvents(Outbox outbox, ObjectMapper json, Clock clock) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    public void announce(Booking booking, Trip trip) {
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
            outbox.add(Topics.TAXI_BOOKINGS, new CloudEvent(EventIds.derived(booking.id().toString(), booking.status().code()),
                    type, "/tapbot/taxi-service", clock.instant(), booking.id().toString(), json.writeValueAsString(change)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
