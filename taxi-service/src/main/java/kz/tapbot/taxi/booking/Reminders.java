package kz.tapbot.taxi.booking;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.events.BotReply;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.taxi.TaxiSettings;
import kz.tapbot.taxi.dialog.TaxiTexts;
import kz.tapbot.taxi.driver.Driver;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.geo.Places;
import kz.tapbot.taxi.trip.Trip;
import kz.tapbot.taxi.trip.TripRepository;

/**
 * Reminds passenger and driver once, {@code remindBefore} ahead of departure (the claim that marks a
 * booking reminded is the same UPDATE that selects it, so a reminder is never sent twice), and marks
 * bookings completed three hours after their trip left; requests no trip took by the end of their
 * day are closed and the passenger is told. One instance of the service runs it at a time (the cluster
 * lock taxi:reminders), and everything a pass changes and sends commits in one transaction.
 */
@ApplicationScoped
public class Reminders {

    private final BookingRepository bookings;
    private final TripRepository trips;
    private final DriverRepository drivers;
    private final BookingEvents events;
    private final ReplyOutbox replies;
    private final Places gazetteer;
    private final Clock clock;
    private final TaxiSettings settings;
    private final ClusterLock cluster;

    Reminders(BookingRepository bookings, TripRepository trips, DriverRepository drivers, BookingEvents events,
              ReplyOutbox replies, Places gazetteer, Clock clock, TaxiSettings settings, ClusterLock cluster) {
        this.bookings = bookings;
        this.trips = trips;
        this.drivers = drivers;
        this.events = events;
        this.replies = replies;
        this.gazetteer = gazetteer;
        this.clock = clock;
        this.settings = settings;
        this.cluster = cluster;
    }

    @Scheduled(every = "${tapbot.taxi.reminder-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void remindAndComplete() {
        cluster.runExclusively("reminders", () -> QuarkusTransaction.requiringNew().run(this::remindAndCompleteNow));
    }

    private void remindAndCompleteNow() {
        Instant now = clock.instant();
        for (Booking booking : bookings.claimDueReminders(now, now.plus(settings.remindBefore()))) {
            Trip trip = trips.find(booking.tripId()).orElseThrow();
            Driver driver = drivers.find(trip.driverId()).orElseThrow();
            LocalDateTime departure = LocalDateTime.ofInstant(trip.departureAt(), settings.zone());
            List<BotReply> both = new ArrayList<>();
            Language passenger = Language.of(booking.passengerLanguage());
            Language driverLanguage = Language.of(driver.language());
            both.add(TaxiBookings.message(booking.passengerChatId(), new TaxiTexts(passenger).reminder(
                    city(booking.fromCity(), passenger), city(booking.toCity(), passenger), departure, driver.name(),
                    driver.phone()), null));
            both.add(TaxiBookings.message(driver.chatId(), new TaxiTexts(driverLanguage).reminder(
                    city(booking.fromCity(), driverLanguage), city(booking.toCity(), driverLanguage), departure,
                    booking.passengerName(), booking.passengerPhone()), null));
            replies.reply("reminder/" + booking.id(), both);
        }
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, settings.zone());
        for (Booking request : bookings.closeUnmatchedBefore(today)) {
            events.announce(request.in(Booking.Status.CANCELLED), null);
            Language language = Language.of(request.passengerLanguage());
            replies.reply("unmatched/" + request.id(), List.of(TaxiBookings.message(request.passengerChatId(),
                    new TaxiTexts(language).requestClosedUnmatched(city(request.fromCity(), language),
                            city(request.toCity(), language), request.date()), null)));
        }
        for (Booking booking : bookings.completeDeparted(now.minus(3, ChronoUnit.HOURS))) {
            events.announce(booking.in(Booking.Status.COMPLETED), trips.find(booking.tripId()).orElse(null));
        }
    }

    private String city(String name, Language language) {
        return gazetteer.displayName(name, language.code());
    }
}
