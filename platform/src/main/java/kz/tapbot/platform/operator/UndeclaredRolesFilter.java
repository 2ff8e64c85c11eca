package kz.tapbot.platform.operator;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import kz.tapbot.platform.web.Problem;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Fails closed: an operator endpoint (/api/...) that declares no {@code @RolesAllowed} is refused to everyone,
 * the admin token included (401 without a known token, 403 with one), so a new endpoint cannot be open by
 * omission. The endpoints that declare roles are checked by Quarkus security before this filter runs.
 */
public class UndeclaredRolesFilter {

    @Inject
    OperatorTokens tokens;

    @ServerRequestFilter
    public Response refuseUndeclared(ContainerRequestContext request, ResourceInfo resource) {
        if (!OperatorApi.covers(request.getUriInfo().getPath()) || !OperatorAccessProblems.rolesAllowed(resource).isEmpty()) {
            return null;
        }
        String token = OperatorApi.bearerToken(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (token == null || tokens.holderOf(token).isEmpty()) {
            return OperatorAccessProblems.unauthorized(OperatorAccessProblems.NEEDS_TOKEN);
        }
        return Problem.response(Response.Status.FORBIDDEN,
                "this operator endpoint declares no role (@RolesAllowed), so no token may call it");
    }
}
