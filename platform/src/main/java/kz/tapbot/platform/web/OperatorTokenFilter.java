package kz.tapbot.platform.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The operator API (/api/...) of every service takes a bearer token: TAPBOT_ADMIN_TOKEN. Without it,
 * or with another one, the answer is 401 problem+json.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class OperatorTokenFilter implements ContainerRequestFilter {

    @ConfigProperty(name = "tapbot.admin.token")
    String token;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.equals("/api")) {
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
        if (presented == null || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.fromResponse(Problem.response(Response.Status.UNAUTHORIZED,
                    "the operator API needs 'Authorization: Bearer <TAPBOT_ADMIN_TOKEN>'"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
    }
}
