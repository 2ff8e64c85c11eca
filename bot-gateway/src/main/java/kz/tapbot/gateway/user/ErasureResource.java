package kz.tapbot.gateway.user;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.events.UserErased;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Problem;

/**
 * An operator erases a user on their behalf (a request by e-mail, a court order): the same erasure as the bots'
 * /deleteme. 202 once the gateway's data is gone and the erasure is on Kafka; the other services follow.
 */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureResource {

    private final UserErasure erasure;

    ErasureResource(UserErasure erasure) {
        this.erasure = erasure;
    }

    @POST
    @Path("/{userId}/erasure")
    @RolesAllowed(OperatorRoles.PRIVACY)
    public Response erase(@PathParam("userId") String userId) {
        long id;
        try {
            id = Long.parseLong(userId);
        } catch (NumberFormatException e) {
            id = 0;
        }
        if (id <= 0) {
            return Problem.response(Response.Status.BAD_REQUEST, "userId must be a Telegram user id (a positive number)");
        }
        String eventId = UUID.randomUUID().toString();
        try {
            erasure.erase(id, UserErased.BY_OPERATOR, null, eventId);
        } catch (IllegalStateException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the erasure could not be completed now: "
                    + e.getMessage() + "; call again");
        }
        return Response.accepted(Map.of("eventId", eventId, "userId", id)).build();
    }
}
