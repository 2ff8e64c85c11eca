package kz.tapbot.taxi.booking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.taxi.TaxiSettings;
import kz.tapbot.taxi.dialog.TaxiAction;
import kz.tapbot.taxi.dialog.TaxiDialog;
import kz.tapbot.taxi.dialog.TaxiTexts;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.geo.Places;
import kz.tapbot.taxi.geo.Tariff;
import kz.tapbot.taxi.trip.SeatsTaken;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.taxi.trip.TripRepository;

/**
 * Carries out what the taxi dialog (or an operator) asks: ride requests matched to trips, seats
 * reserved, drivers registered, trips published and cancelled. Runs in the caller's transaction, so
 * every change and its taxi.bookings event commit together; returns what to tell whom.
 */
@ApplicationScoped
public class TaxiBookings {

    private final BookingRepository bookings;
    private final TripRepository trips;
    private final DriverRepository drivers;
    private final BookingEvents events;
    private final Places gazetteer;
    private final Tariff tariff;
    private final Clock clock;
    private final ZoneId zone;

    TaxiBookings(BookingRepository bookings, TripRepository trips, DriverRepository drivers, BookingEvents events,
                 Places gazetteer, Tariff tariff, Clock clock, TaxiSettings settings) {
        this.bookings = bookings;
        this.trips = trips;
        this.drivers = drivers;
        this.events = events;
        this.gazetteer = gazetteer;
        this.tariff = tariff;
        this.clock = clock;
        this.zone = settings.zone();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public List<BotReply> carryOut(TaxiAction action, BotUpdate update, Language language) {
        Reply to = new Reply(update.chatId(), new TaxiTexts(language));
        long userId = update.user().id();
        // (Java 17: no pattern matching in switch yet)
        if (action instanceof TaxiAction.RequestRide ride) {
            return requestRide(ride, update, language, to);
        } else if (action instanceof TaxiAction.RegisterDriver d) {
            drivers.register(new Driver(userId, update.chatId(), d.name(), d.car(), d.plate(), d.phone(),
                    language.code()));
            return to.say(to.t.driverRegistered(d.name()));
        } else if (action instanceof TaxiAction.PublishTrip p) {
            return publish(p, userId, to);
        } else if (action instanceof TaxiAction.ShowMyTrips) {
            return myTrips(userId, language, to);
        } else if (action instanceof TaxiAction.CancelBooking c) {
            return cancelByPassenger(c.bookingId(), userId, to);
        } else if (action instanceof TaxiAction.ShowRequests) {
            return openRequests(userId, language, to);
        } else if (action instanceof TaxiAction.AcceptRequest a) {
            return accept(a.bookingId(), userId, to);
        } else if (action instanceof TaxiAction.CancelTrip c) {
            return cancelTrip(c.tripId(), userId, to);
        }
        throw new IllegalArgumentException("unknown action " + action);
    }

    // --- passengers

    private List<BotReply> requestRide(TaxiAction.RequestRide ride, BotUpdate update, Language language, Reply to) {
        long estimate = tariff.pricePerSeat(gazetteer.byName(ride.from()).orElseThrow(),
                gazetteer.byName(ride.to()).orElseThrow());
        Booking request = Booking.request(update.user().id(), update.chatId(), update.user().firstName(), ride.phone(),
                language.code(), ride.from(), ride.to(), ride.date(), ride.seats(), estimate);
        // the seats on the earliest trip with room, with its driver, and the booking in the state it ends in: one
        // statement, no confirming UPDATE, no read-back
        Optional<SeatsTaken> taken = bookings.insertSeatedOnEarliest(request, departuresFrom(ride.date()),
                departuresUntil(ride.date()));
        events.announceNew(request, taken.map(SeatsTaken::trip));
        if (taken.isEmpty()) {
            // none had room, or a concurrent booking took the last seats of the one chosen: a later trip that day
            taken = matchToTrip(request, null);
        }
        if (taken.isPresent()) {
            Trip trip = taken.get().trip();
            return confirmationReplies(request.confirmedOn(trip.id(), trip.pricePerSeat()), taken.get());
        }
        return to.say(to.t.requestOpen(city(ride.from(), language), city(ride.to(), language), ride.date()));
    }

    /** Seats for a waiting booking on the earliest trip of that route and day with room (of {@code onlyDriver}). */
    private Optional<SeatsTaken> matchToTrip(Booking booking, Long onlyDriver) {
        Optional<SeatsTaken> taken = takeSeats(booking, onlyDriver);
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        Trip trip = taken.get().trip();
        if (!bookings.confirm(booking.id(), trip.id(), trip.pricePerSeat())) {
            trips.releaseSeats(trip.id(), booking.seats());
            return Optional.empty();
        }
        events.announce(booking.confirmedOn(trip.id(), trip.pricePerSeat()), trip);
        return taken;
    }

    /** Takes the booking's seats on the earliest trip of its route and day with room (of {@code onlyDriver}, if given). */
    private Optional<SeatsTaken> takeSeats(Booking booking, Long onlyDriver) {
        for (Trip trip : trips.withFreeSeats(booking.fromCity(), booking.toCity(), departuresFrom(booking.date()),
                departuresUntil(booking.date()), booking.seats())) {
            if (onlyDriver != null && trip.driverId() != onlyDriver) {
                continue;
            }
            if (trips.reserveSeats(trip.id(), booking.seats())) {
                return Optional.of(new SeatsTaken(trip, drivers.find(trip.driverId()).orElseThrow()));
            }
        }
        return Optional.empty();
    }

    /** The first departure a booking for {@code day} can still take: the day's start, or now if that has passed. */
    private Instant departuresFrom(LocalDate day) {
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        return dayStart.isAfter(clock.instant()) ? dayStart : clock.instant();
    }

    private Instant departuresUntil(LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    private List<BotReply> confirmationReplies(Booking booking, SeatsTaken taken) {
        Trip trip = taken.trip();
        Driver driver = taken.driver();
        Language passengerLanguage = Language.of(booking.passengerLanguage());
        Language driverLanguage = Language.of(driver.language());
        LocalDateTime departure = LocalDateTime.ofInstant(trip.departureAt(), zone);
        List<BotReply> replies = new ArrayList<>();
        replies.add(message(booking.passengerChatId(), new TaxiTexts(passengerLanguage).bookingConfirmed(
                city(booking.fromCity(), passengerLanguage), city(booking.toCity(), passengerLanguage), departure,
                booking.seats(), booking.total(), driver.name(), driver.car(), driver.plate(), driver.phone()), null));
        replies.add(message(driver.chatId(), new TaxiTexts(driverLanguage).passengerForDriver(
                city(booking.fromCity(), driverLanguage), city(booking.toCity(), driverLanguage), departure,
                booking.passengerName(), booking.seats(), booking.passengerPhone()), null));
        return replies;
    }

    private List<BotReply> myTrips(long userId, Language language, Reply to) {
        List<String> lines = new ArrayList<>();
        List<List<Button>> buttons = new ArrayList<>();
        for (Booking b : bookings.ofPassenger(userId, today())) {
            String when = b.tripId() == null ? TaxiTexts.day(b.date())
                    : TaxiTexts.dayTime(LocalDateTime.ofInstant(trips.find(b.tripId()).orElseThrow().departureAt(), zone));
            String status = b.status() == Booking.Status.CONFIRMED ? to.t.statusConfirmed() : to.t.statusRequested();
            lines.add(to.t.bookingLine(city(b.fromCity(), language), city(b.toCity(), language), when, b.seats(), status));
            buttons.add(List.of(new Button(to.t.cancelBookingButton(city(b.fromCity(), language), city(b.toCity(), language)),
                    "cancel:" + b.id())));
        }
        for (Trip trip : trips.upcomingOf(userId, clock.instant())) {
            lines.add("🚗 " + to.t.driverTripLine(city(trip.fromCity(), language), city(trip.toCity(), language),
                    LocalDateTime.ofInstant(trip.departureAt(), zone), trip.seatsFree(), trip.seatsTotal()));
            for (Booking passenger : bookings.confirmedOn(trip.id())) {
                lines.add("   👤 " + passenger.passengerName() + ", " + passenger.seats() + " × 💺, "
                        + passenger.passengerPhone());
            }
            buttons.add(List.of(new Button(to.t.cancelTripButton(city(trip.fromCity(), language),
                    city(trip.toCity(), language)), "canceltrip:" + trip.id())));
        }
        if (lines.isEmpty()) {
            return to.say(to.t.noTrips());
        }
        return List.of(message(to.chatId, String.join("\n", lines), buttons));
    }

    private List<BotReply> cancelByPassenger(UUID bookingId, long userId, Reply to) {
        Optional<Booking> own = bookings.find(bookingId).filter(b -> b.passengerId() == userId);
        if (own.isEmpty()) {
            return to.say(to.t.bookingNotFound());
        }
        Optional<List<BotReply>> driverTold = cancel(bookingId);
        if (driverTold.isEmpty()) {
            return to.say(to.t.bookingNotFound());
        }
        List<BotReply> replies = new ArrayList<>(to.say(to.t.bookingCancelled()));
        replies.addAll(driverTold.get());
        return replies;
    }

    /**
     * Cancels a booking, frees its seats at once and announces it; what to tell the driver, or empty
     * if the booking was not open or confirmed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<List<BotReply>> cancel(UUID bookingId) {
        Optional<Booking> cancelled = bookings.cancel(bookingId);
        if (cancelled.isEmpty()) {
            return Optional.empty();
        }
        Booking booking = cancelled.get();
        Trip trip = booking.tripId() == null ? null : trips.find(booking.tripId()).orElseThrow();
        events.announce(booking.in(Booking.Status.CANCELLED), trip);
        if (trip == null) {
            return Optional.of(List.of());
        }
        trips.releaseSeats(trip.id(), booking.seats());
        Driver driver = drivers.find(trip.driverId()).orElseThrow();
        Language language = Language.of(driver.language());
        return Optional.of(List.of(message(driver.chatId(), new TaxiTexts(language).passengerCancelledForDriver(
                city(booking.fromCity(), language), city(booking.toCity(), language),
                LocalDateTime.ofInstant(trip.departureAt(), zone), booking.passengerName(), booking.seats()), null)));
    }

    // --- drivers

    private List<BotReply> publish(TaxiAction.PublishTrip p, long driverId, Reply to) {
        if (drivers.find(driverId).isEmpty()) {
            return to.say(to.t.needDriver());
        }
        Published published = publishTrip(driverId, p.from(), p.to(), LocalDateTime.of(p.date(), p.time()), p.seats(),
                p.pricePerSeat());
        List<BotReply> replies = new ArrayList<>(to.say(to.t.tripPublished(published.seatedPassengers())));
        replies.addAll(published.told());
        return replies;
    }

    /** A trip and what to tell the passengers it seated at once. */
    public record Published(Trip trip, int seatedPassengers, List<BotReply> told) {
    }

    /**
     * Publishes a registered driver's trip (local departure time) and seats the open requests of that
     * route and day on it, oldest first, while seats last.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Published publishTrip(long driverId, String from, String to, LocalDateTime departure, int seats, long price) {
        Trip trip = Trip.publish(driverId, from, to, departure.atZone(zone).toInstant(), seats, price);
        trips.insert(trip);
        List<BotReply> told = new ArrayList<>();
        int matched = 0;
        for (Booking open : bookings.openOn(from, to, departure.toLocalDate())) {
            Optional<SeatsTaken> seated = matchToTrip(open, driverId);
            if (seated.isPresent()) {
                matched++;
                Trip on = seated.get().trip();
                told.addAll(confirmationReplies(open.confirmedOn(on.id(), on.pricePerSeat()), seated.get()));
            }
        }
        return new Published(trip, matched, told);
    }

    private List<BotReply> openRequests(long driverId, Language language, Reply to) {
        if (drivers.find(driverId).isEmpty()) {
            return to.say(to.t.needDriver());
        }
        List<Booking> open = bookings.openForDriver(driverId, clock.instant(), zone);
        if (open.isEmpty()) {
            return to.say(to.t.noRequests());
        }
        List<String> lines = new ArrayList<>();
        List<List<Button>> buttons = new ArrayList<>();
        for (Booking b : open) {
            String from = city(b.fromCity(), language);
            String dest = city(b.toCity(), language);
            lines.add(to.t.requestLine(from, dest, b.date(), b.seats()));
            buttons.add(List.of(new Button(to.t.acceptButton(from, dest, b.date()), "accept:" + b.id())));
        }
        return List.of(message(to.chatId, String.join("\n", lines), buttons));
    }

    private List<BotReply> accept(UUID bookingId, long driverId, Reply to) {
        if (drivers.find(driverId).isEmpty()) {
            return to.say(to.t.needDriver());
        }
        Optional<Booking> request = bookings.find(bookingId).filter(b -> b.status() == Booking.Status.REQUESTED);
        if (request.isEmpty()) {
            return to.say(to.t.requestTaken());
        }
        Optional<SeatsTaken> taken = matchToTrip(request.get(), driverId);
        if (taken.isEmpty()) {
            boolean stillOpen = bookings.find(bookingId).map(b -> b.status() == Booking.Status.REQUESTED).orElse(false);
            return to.say(stillOpen ? to.t.noTripForRequest() : to.t.requestTaken());
        }
        List<BotReply> replies = new ArrayList<>(to.say(to.t.requestAccepted()));
        Trip trip = taken.get().trip();
        replies.addAll(confirmationReplies(request.get().confirmedOn(trip.id(), trip.pricePerSeat()), taken.get()));
        return replies;
    }

    private List<BotReply> cancelTrip(UUID tripId, long driverId, Reply to) {
        if (!trips.cancel(tripId, driverId)) {
            return to.say(to.t.tripNotFound());
        }
        List<BotReply> replies = cancelBookingsOf(tripId);
        replies.add(0, message(to.chatId, to.t.tripCancelled(replies.size()), null));
        return replies;
    }

    /**
     * The upcoming trips of a driver who asked to be forgotten are cancelled: nobody could reach the driver any more,
     * and no passenger may be seated with a driver of no name or phone. What to tell their passengers.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<BotReply> cancelTripsOfErasedDriver(long driverId) {
        List<BotReply> told = new ArrayList<>();
        for (Trip trip : trips.upcomingOf(driverId, clock.instant())) {
            if (trips.cancel(trip.id(), driverId)) {
                told.addAll(cancelBookingsOf(trip.id()));
            }
        }
        return told;
    }

    /** Cancels the confirmed bookings of a cancelled trip; what to tell their passengers. */
    private List<BotReply> cancelBookingsOf(UUID tripId) {
        Trip trip = trips.find(tripId).orElseThrow();
        List<BotReply> replies = new ArrayList<>();
        for (Booking b : bookings.confirmedOn(tripId)) {
            bookings.cancel(b.id()).ifPresent(old -> events.announce(old.in(Booking.Status.CANCELLED), trip));
            Language language = Language.of(b.passengerLanguage());
            replies.add(message(b.passengerChatId(), new TaxiTexts(language).tripCancelledForPassenger(
                    city(b.fromCity(), language), city(b.toCity(), language),
                    TaxiTexts.dayTime(LocalDateTime.ofInstant(trip.departureAt(), zone))), null));
        }
        return replies;
    }

    // --- helpers

    private String city(String name, Language language) {
        return gazetteer.displayName(name, language.code());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    static BotReply message(long chatId, String text, List<List<Button>> keyboard) {
        return new BotReply(TaxiDialog.BOT, chatId, text, keyboard, null, null, null, null, null);
    }

    /** Replies to the chat that asked, in its language. */
    private record Reply(long chatId, TaxiTexts t) {
        List<BotReply> say(String text) {
            return List.of(message(chatId, text, null));
        }
    }
}
