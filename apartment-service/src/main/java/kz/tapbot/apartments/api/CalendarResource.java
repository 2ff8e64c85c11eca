package kz.tapbot.apartments.api;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.dialog.GuestDesk;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.apartments.stay.StayOverlapsException;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.platform.web.Ids;
import kz.tapbot.platform.web.Problem;

/** Operators' view of a listing's calendar and of bookings; they may block nights and cancel bookings. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CalendarResource {

    /** Nights to close. */
    public record Block(LocalDate checkIn, LocalDate checkOut) {
    }

    private final StayCalendar calendar;
    private final ListingRepository listings;
    private final ApartmentBookings bookings;

    private final GuestDesk guests;
    private final ReplyOutbox replies;
    private final Clock clock;
    private final ApartmentSettings settings;

    CalendarResource(StayCalendar calendar, ListingRepository listings, ApartmentBookings bookings, GuestDesk guests,
                     ReplyOutbox replies, Clock clock, ApartmentSettings settings) {
        this.guests = guests;
        this.replies = replies;
        this.clock = clock;
        this.settings = settings;
        this.calendar = calendar;
        this.listings = listings;
        this.bookings = bookings;
    }

    @GET
    @Path("/listings/{id}/calendar")
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public Response calendar(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        Optional<UUID> listing = Ids.uuid(id).filter(l -> listings.find(l).isPresent());
        if (listing.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no listing " + id);
        }
        try {
            LocalDate start = from == null ? LocalDate.now(clock.withZone(settings.zone())) : LocalDate.parse(from);
            LocalDate end = to == null ? start.plusDays(90) : LocalDate.parse(to);
            return Response.ok(calendar.holds(listing.get(), start, end)).build();
        } catch (RuntimeException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "from and to are ISO dates");
        }
    }

    @POST
    @Path("/listings/{id}/blocks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response block(@PathParam("id") String id, Block block) {
        Optional<UUID> listing = Ids.uuid(id).filter(l -> listings.find(l).isPresent());
        if (listing.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no listing " + id);
        }
        Stay nights;
        try {
            nights = new Stay(block == null ? null : block.checkIn(), block == null ? null : block.checkOut());
        } catch (IllegalArgumentException e) {
            return Problem.response(Response.Status.BAD_REQUEST, e.getMessage());
        }
        try {
            UUID blocked = QuarkusTransaction.requiringNew().call(() -> calendar.block(listing.get(), nights));
            return Response.status(Response.Status.CREATED).entity(Map.of("id", blocked)).build();
        } catch (StayOverlapsException e) {
            return Problem.response(Response.Status.CONFLICT, "some of these nights are already held");
        }
    }

    @GET
    @Path("/bookings/{id}")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response booking(@PathParam("id") String id) {
        return Ids.uuid(id).flatMap(calendar::booking).map(b -> Response.ok(b).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no booking " + id));
    }

    @GET
    @Path("/bookings")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response bookingsOf(@QueryParam("telegramId") Long telegramId) {
        if (telegramId == null) {
            return Problem.response(Response.Status.BAD_REQUEST, "the query parameter telegramId is required");
        }
        return Response.ok(calendar.bookingsOf(telegramId)).build();
    }

    @POST
    @Path("/bookings/{id}/cancel")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response cancel(@PathParam("id") String id) {
        Optional<UUID> booking = Ids.uuid(id);
        Optional<kz.tapbot.apartments.booking.ApartmentBooking> found = booking.flatMap(calendar::booking);
        if (found.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no booking " + id);
        }
        return QuarkusTransaction.requiringNew().call(() -> bookings.cancel(booking.get(), found.get().guestId(),
                        LocalDate.now(clock.withZone(settings.zone()))).map(c -> {
                    replies.reply("operator-cancel/" + id, guests.cancelledByOperator(c.booking()));
                    return c;
                }))
                .map(c -> Response.ok(c).build())
                .orElseGet(() -> Problem.response(Response.Status.CONFLICT, "booking " + id + " is "
                        + found.get().status() + " and cannot be cancelled"));
    }

    /** Operators answer requests for listings no landlord manages in the bot (imported ones). */
    @POST
    @Path("/bookings/{id}/confirm")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response confirm(@PathParam("id") String id) {
        return answer(id, true);
    }

    @POST
    @Path("/bookings/{id}/decline")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response decline(@PathParam("id") String id) {
        return answer(id, false);
    }

    private Response answer(String id, boolean confirm) {
        Optional<UUID> booking = Ids.uuid(id);
        Optional<kz.tapbot.apartments.booking.ApartmentBooking> found = booking.flatMap(calendar::booking);
        if (found.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no booking " + id);
        }
        return QuarkusTransaction.requiringNew().call(() -> (confirm ? bookings.confirm(booking.get())
                        : bookings.decline(booking.get())).map(b -> {
                    replies.reply("operator-answer/" + id, guests.answeredByOperator(b, confirm));
                    return b;
                }))
                .map(b -> Response.ok(b).build())
                .orElseGet(() -> Problem.response(Response.Status.CONFLICT, "booking " + id + " is "
                        + found.get().status() + ", not waiting for an answer"));
    }
}
