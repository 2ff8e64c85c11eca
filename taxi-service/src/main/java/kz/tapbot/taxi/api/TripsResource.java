package kz.tapbot.taxi.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.platform.web.Problem;
import kz.tapbot.taxi.TaxiSettings;
import kz.tapbot.taxi.booking.TaxiBookings;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.Places;
import kz.tapbot.taxi.trip.TripRepository;

/** Operators' view of trips: list the upcoming ones, publish one for a registered driver. */
@Path("/api/trips")
@Produces(MediaType.APPLICATION_JSON)
public class TripsResource {

    /** What an operator sends to publish a trip; departure is local time in Kazakhstan. */
    public record NewTrip(Long driverTelegramId, String fromCity, String toCity, LocalDateTime departure, Integer seats,
                          Long pricePerSeat) {
    }

    private final TripRepository trips;
    private final DriverRepository drivers;
    private final TaxiBookings bookings;
    private final ReplyOutbox replies;
    private final Gazetteer gazetteer;
    private final Places places;
    private final Clock clock;
    private final TaxiSettings settings;

    TripsResource(TripRepository trips, DriverRepository drivers, TaxiBookings bookings, ReplyOutbox replies,
                  Gazetteer gazetteer, Places places, Clock clock, TaxiSettings settings) {
        this.places = places;
        this.trips = trips;
        this.drivers = drivers;
        this.bookings = bookings;
        this.replies = replies;
        this.gazetteer = gazetteer;
        this.clock = clock;
        this.settings = settings;
    }

    @GET
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public List<Views.TripView> upcoming() {
        return trips.upcoming(clock.instant(), 200).stream().map(trip -> Views.of(trip, settings.zone())).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response publish(NewTrip trip) {
        String invalid = validate(trip);
        if (invalid != null) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid);
        }
        if (drivers.find(trip.driverTelegramId()).isEmpty()) {
            return Problem.response(422, "Unprocessable Content", "driver " + trip.driverTelegramId()
                    + " is not registered (the driver registers with /driver in the taxi bot)");
        }
        String from = places.find(trip.fromCity()).orElseThrow().name();
        String to = places.find(trip.toCity()).orElseThrow().name();
        TaxiBookings.Published published = bookings.publishTrip(trip.driverTelegramId(), from, to, trip.departure(),
                trip.seats(), trip.pricePerSeat());
        replies.reply("operator-trip/" + published.trip().id(), published.told());
        return Response.status(Response.Status.CREATED).entity(Views.of(published.trip(), settings.zone())).build();
    }

    private String validate(NewTrip trip) {
        if (trip == null || trip.driverTelegramId() == null || trip.fromCity() == null || trip.toCity() == null
                || trip.departure() == null || trip.seats() == null || trip.pricePerSeat() == null) {
            return "driverTelegramId, fromCity, toCity, departure, seats and pricePerSeat are required";
        }
        if (places.find(trip.fromCity()).isEmpty() || places.find(trip.toCity()).isEmpty()) {
            return "unknown city: the gazetteer knows " + gazetteer.cities().stream().map(c -> c.name()).toList();
        }
        if (places.find(trip.fromCity()).map(c -> c.name()).equals(places.find(trip.toCity()).map(c -> c.name()))) {
            return "fromCity and toCity are the same";
        }
        if (!trip.departure().isAfter(LocalDateTime.now(clock.withZone(settings.zone())))) {
            return "departure is in the past";
        }
        if (trip.seats() < 1 || trip.seats() > 8) {
            return "seats must be 1 to 8";
        }
        if (trip.pricePerSeat() < 500 || trip.pricePerSeat() > 100_000) {
            return "pricePerSeat must be 500 to 100000 tenge";
        }
        return null;
    }
}
