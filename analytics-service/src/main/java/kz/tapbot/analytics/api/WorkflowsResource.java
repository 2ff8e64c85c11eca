package kz.tapbot.analytics.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.analytics.workflow.Workflow;
import kz.tapbot.analytics.workflow.Workflows;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Ids;
import kz.tapbot.platform.web.Problem;

/** Operators configure n8n workflow hooks and watch their deliveries; secrets are written, never read back. */
@Path("/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(OperatorRoles.ANALYST)
public class WorkflowsResource {

    /** What operators send. */
    public record WorkflowInput(String name, List<String> eventTypes, String targetUrl, String secret, Boolean enabled) {
    }

    /** What operators see: everything but the secret; paused when its target kept failing. */
    public record WorkflowView(UUID id, String name, List<String> eventTypes, String targetUrl, boolean enabled,
                               boolean paused, int consecutiveFailures) {
        static WorkflowView of(Workflow w) {
            return new WorkflowView(w.id(), w.name(), w.eventTypes(), w.targetUrl(), w.enabled(), w.paused(),
                    w.consecutiveFailures());
        }
    }

    private final Workflows workflows;

    WorkflowsResource(Workflows workflows) {
        this.workflows = workflows;
    }

    @GET
    public List<WorkflowView> all() {
        return workflows.all().stream().map(WorkflowView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(WorkflowInput input) {
        String invalid = invalid(input);
        if (invalid != null) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid);
        }
        Workflow w = new Workflow(UUID.randomUUID(), input.name(), List.copyOf(input.eventTypes()), input.targetUrl(),
                input.secret(), input.enabled() == null || input.enabled(), false, 0);
        workflows.save(w);
        return Response.created(URI.create("/api/workflows/" + w.id())).entity(WorkflowView.of(w)).build();
    }

    @GET
    @Path("/{id}")
    public Response one(@PathParam("id") String id) {
        return found(id).map(w -> Response.ok(WorkflowView.of(w)).build()).orElseGet(() -> notFound(id));
    }

    /** Replaces a workflow; saving it also resumes it if it was paused. */
    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, WorkflowInput input) {
        Optional<Workflow> existing = found(id);
        if (existing.isEmpty()) {
            return notFound(id);
        }
        String invalid = invalid(input);
        if (invalid != null) {
            return Problem.response(Response.Status.BAD_REQUEST, invalid);
        }
        Workflow w = new Workflow(existing.get().id(), input.name(), List.copyOf(input.eventTypes()), input.targetUrl(),
                input.secret(), input.enabled() == null || input.enabled(), false, 0);
        workflows.save(w);
        return Response.ok(WorkflowView.of(w)).build();
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id) {
        Optional<UUID> uuid = Ids.uuid(id);
        return uuid.isPresent() && workflows.delete(uuid.get()) ? Response.noContent().build() : notFound(id);
    }

    @GET
    @Path("/{id}/deliveries")
    public Response deliveries(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit) {
        return found(id).map(w -> Response.ok(workflows.deliveries(w.id(), Math.max(1, Math.min(limit, 1000)))).build())
                .orElseGet(() -> notFound(id));
    }

    private Optional<Workflow> found(String id) {
        return Ids.uuid(id).flatMap(workflows::find);
    }

    private static Response notFound(String id) {
        return Problem.response(Response.Status.NOT_FOUND, "no workflow " + id);
    }

    private static String invalid(WorkflowInput w) {
        if (w == null || w.name() == null || w.name().isBlank()) {
            return "name is required";
        }
        if (w.eventTypes() == null || w.eventTypes().isEmpty()
                || !w.eventTypes().stream().allMatch(t -> t != null && t.matches("[a-z0-9.*]{1,200}"))) {
            return "eventTypes are CloudEvent types or patterns such as kz.tapbot.taxi.booking.*";
        }
        if (w.targetUrl() == null || !w.targetUrl().matches("https?://\\S+")) {
            return "targetUrl is an http(s) URL, such as an n8n webhook";
        }
        if (w.secret() == null || w.secret().length() < 16) {
            return "secret signs the deliveries: at least 16 characters";
        }
        return null;
    }
}
