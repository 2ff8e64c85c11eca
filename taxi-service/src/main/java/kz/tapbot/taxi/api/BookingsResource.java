package kz.tapbot.taxi.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.events.BotReply;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.platform.web.Ids;
import kz.tapbot.platform.web.Problem;
import kz.tapbot.taxi.booking.Booking;
import kz.tapbot.taxi.booking.BookingRepository;
import kz.tapbot.taxi.booking.TaxiBookings;
import kz.tapbot.taxi.dialog.TaxiDialog;
import kz.tapbot.taxi.dialog.TaxiTexts;

/** Operators' view of bookings and open requests; an operator may cancel a booking. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRoles.SUPPORT)
public class BookingsResource {

    private final BookingRepository bookings;
    private final TaxiBookings taxi;
    private final ReplyOutbox replies;

    BookingsResource(BookingRepository bookings, TaxiBookings taxi, ReplyOutbox replies) {
        this.bookings = bookings;
        this.taxi = taxi;
        this.replies = replies;
    }

    @GET
    @Path("/requests")
    public List<Views.BookingView> openRequests() {
        return bookings.open(200).stream().map(Views::of).toList();
    }

    @GET
    @Path("/bookings/{id}")
    public Response booking(@PathParam("id") String id) {
        Optional<UUID> uuid = Ids.uuid(id);
        if (uuid.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "'" + id + "' is not a booking id (a UUID)");
        }
        return bookings.find(uuid.get()).map(b -> Response.ok(Views.of(b)).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no booking " + id));
    }

    @GET
    @Path("/bookings")
    public Response bookingsOf(@QueryParam("telegramId") Long telegramId) {
        if (telegramId == null) {
            return Problem.response(Response.Status.BAD_REQUEST, "the query parameter telegramId is required");
        }
        return Response.ok(bookings.ofPassengerAll(telegramId).stream().map(Views::of).toList()).build();
    }

    @POST
    @Path("/bookings/{id}/cancel")
    @Transactional
    public Response cancel(@PathParam("id") String id) {
        Optional<UUID> uuid = Ids.uuid(id);
        if (uuid.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST, "'" + id + "' is not a booking id (a UUID)");
        }
        Optional<Booking> booking = bookings.find(uuid.get());
        if (booking.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no booking " + id);
        }
        Optional<List<BotReply>> driverTold = taxi.cancel(uuid.get());
        if (driverTold.isEmpty()) {
            return Problem.response(Response.Status.CONFLICT, "booking " + id + " is " + booking.get().status().code()
                    + " and cannot be cancelled");
        }
        Booking b = booking.get();
        List<BotReply> told = new ArrayList<>(driverTold.get());
        told.add(new BotReply(TaxiDialog.BOT, b.passengerChatId(),
                new TaxiTexts(Language.of(b.passengerLanguage())).bookingCancelled(), null, null, null, null, null, null));
        replies.reply("operator-cancel/" + id, told);
        return Response.ok(Views.of(bookings.find(uuid.get()).orElseThrow())).build();
    }
}
