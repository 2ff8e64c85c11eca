package kz.tapbot.apartments.booking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.events.ApartmentBookingChanged;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.outbox.Outbox;

/**
 * Books nights at a listing: the calendar holds them (the database refuses any overlap), and the
 * change is announced on apartment.bookings through the outbox in the same transaction. Instant-book
 * listings confirm at once; the others wait for the landlord until the request expires.
 */
@ApplicationScoped
public class ApartmentBookings {

    /** A guest's booking request as the calendar took it. */
    public record Requested(UUID bookingId, String status, long total) {
    }

    private final ListingRepository listings;
    private final StayCalendar calendar;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration landlordAnswersWithin;

    @Inject
    MeterRegistry metrics;

    ApartmentBookings(ListingRepository listings, StayCalendar calendar, Outbox outbox, ObjectMapper json, Clock clock,
                      ApartmentSettings settings) {
        this.listings = listings;
        this.calendar = calendar;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.landlordAnswersWithin = settings.confirmationTimeout();
    }

    /** How long a landlord has to answer a request. */
    public Duration landlordAnswersWithin() {
        return landlordAnswersWithin;
    }

    /**
     * @throws kz.tapbot.apartments.stay.StayOverlapsException when any of the nights is taken (roll the
     *                                                         transaction back: it may have written already)
     * @throws IllegalArgumentException                       when the listing cannot take this stay
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Requested request(UUID listingId, Stay stay, int guests, long guestId, long guestChatId, String guestName,
                             String guestPhone, String language) {
        Listing listing = listings.find(listingId).filter(Listing::isActive)
                .orElseThrow(() -> new IllegalArgumentException("no active listing " + listingId));
        if (!listing.fits(guests)) {
            throw new IllegalArgumentException("the listing takes at most " + listing.maxGuests() + " guests");
        }
        long total = stay.total(listing.pricePerNight());
        String status = listing.instantBook() ? "confirmed" : "pending";
        Instant expiresAt = listing.instantBook() ? null : clock.instant().plus(landlordAnswersWithin);
        UUID id = calendar.holdForGuest(listingId, stay, guestId, guestChatId, guestName, guestPhone, language, guests,
                total, status, expiresAt);
        announce(id, listing.instantBook() ? "confirmed" : "requested", listing, stay, guests, total, guestId);
        return new Requested(id, status, total);
    }

    /** The landlord confirms a pending request; empty if it is no longer pending. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<ApartmentBooking> confirm(UUID bookingId) {
        return settle(calendar.transition(bookingId, "confirmed", "pending"), "confirmed");
    }

    /** The landlord declines a pending request: its nights are free again. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<ApartmentBooking> decline(UUID bookingId) {
        return settle(calendar.transition(bookingId, "declined", "pending"), "declined");
    }

    /** What cancelling costs: free up to the listing's free-cancellation days before check-in, else the first night. */
    public record Cancellation(ApartmentBooking booking, boolean free, long fee) {
    }

    /** The guest cancels a pending or confirmed booking; its nights are free again at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.Optional<Cancellation> cancel(UUID bookingId, long guestId, java.time.LocalDate today) {
        java.util.Optional<ApartmentBooking> own = calendar.booking(bookingId).filter(b -> b.guestId() == guestId);
        if (own.isEmpty()) {
            return java.util.Optional.empty();
        }
        return settle(calendar.transition(bookingId, "cancelled", "pending", "confirmed"), "cancelled").map(b -> {
            Listing listing = listings.find(b.listingId()).orElseThrow();
            boolean free = !today.plusDays(listing.freeCancellationDays()).isAfter(b.stay().checkIn());
            return new Cancellation(b, free, free ? 0 : Math.min(b.total(), listing.pricePerNight()));
        });
    }

    /** Pending requests past their answer time expire and free their nights; returns them. */
    @Transactional
    public java.util.List<ApartmentBooking> expireUnanswered() {
        java.util.List<ApartmentBooking> expired = calendar.expireDue(clock.instant());
        expired.forEach(b -> settle(java.util.Optional.of(b), "expired"));
        return expired;
    }

    private java.util.Optional<ApartmentBooking> settle(java.util.Optional<ApartmentBooking> changed, String status) {
        changed.ifPresent(b -> announce(b.id(), status, listings.find(b.listingId()).orElseThrow(), b.stay(), b.guests(),
                b.total(), b.guestId()));
        return changed;
    }

    /** tapbot_bookings_total{service="apartments",status}: every status has its series from the start. */
    void registerMeters(@Observes StartupEvent started) {
        for (String status : java.util.List.of("requested", "confirmed", "declined", "expired", "cancelled")) {
            changes(status);
        }
    }

    private Counter changes(String status) {
        return metrics.counter("tapbot.bookings", "service", "apartments", "status", status);
    }

    private void announce(UUID id, String status, Listing listing, Stay stay, int guests, long total, long guestId) {
        String type = switch (status) {
            case "requested" -> EventTypes.APARTMENT_BOOKING_REQUESTED;
            case "confirmed" -> EventTypes.APARTMENT_BOOKING_CONFIRMED;
            case "declined" -> EventTypes.APARTMENT_BOOKING_DECLINED;
            case "expired" -> EventTypes.APARTMENT_BOOKING_EXPIRED;
            default -> EventTypes.APARTMENT_BOOKING_CANCELLED;
        };
        ApartmentBookingChanged change = new ApartmentBookingChanged(id, status, listing.id(), listing.city(),
                stay.checkIn(), stay.checkOut(), stay.nights(), guests, total, guestId, clock.instant());
        try {
            outbox.add(Topics.APARTMENT_BOOKINGS, new CloudEvent(EventIds.derived(id.toString(), status), type,
                    "/tapbot/apartment-service", clock.instant(), id.toString(), json.writeValueAsString(change)));
            changes(status).increment();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
