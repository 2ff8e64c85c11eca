package kz.tapbot.platform.operator;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;
import java.util.TreeSet;
import kz.tapbot.platform.web.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The operator API's refusals as problem+json: 401 with {@code WWW-Authenticate: Bearer} without a token or with
 * an unknown one, 403 naming the roles the endpoint needs when the token lacks them.
 */
public class OperatorAccessProblems {

    static final String NEEDS_TOKEN = "the operator API needs 'Authorization: Bearer <operator token>'";

    @Inject
    SecurityIdentity identity;

    @ServerExceptionMapper(UnauthorizedException.class)
    public Response anonymous() {
        return unauthorized(NEEDS_TOKEN);
    }

    @ServerExceptionMapper(AuthenticationFailedException.class)
    public Response unknownToken() {
        return unauthorized("the bearer token is not an operator token");
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response lacksRole(ResourceInfo resource) {
        List<String> needed = rolesAllowed(resource);
        String holder = identity.isAnonymous() ? "this token" : "the token of '" + identity.getPrincipal().getName() + "'";
        if (needed.isEmpty()) {
            return Problem.response(Response.Status.FORBIDDEN, holder + " may not call this endpoint");
        }
        String held = identity.getRoles().isEmpty() ? "no role" : String.join(", ", new TreeSet<>(identity.getRoles()));
        return Problem.response(Response.Status.FORBIDDEN,
                "this endpoint needs the role " + String.join(" or ", needed) + "; " + holder + " has " + held);
    }

    static Response unauthorized(String detail) {
        return Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED, detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    /** The roles of the method's @RolesAllowed, or else its class's; empty when neither declares any. */
    static List<String> rolesAllowed(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method == null) {
            return List.of();
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? List.of() : List.of(roles.value());
    }
}
