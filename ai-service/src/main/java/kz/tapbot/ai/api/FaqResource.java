package kz.tapbot.ai.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import kz.tapbot.ai.answers.FaqEntry;
import kz.tapbot.ai.answers.KnowledgeBase;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Problem;

/** Operators read and edit the FAQ knowledge base the bots answer questions from, and try a question against it. */
@Path("/api/faq")
@Produces(MediaType.APPLICATION_JSON)
public class FaqResource {

    /** An entry as operators send it: question and answer in ru, kk and en, and optional search words. */
    public record EntryInput(Map<String, String> question, Map<String, String> answer, String keywords) {
    }

    private static final List<String> LANGUAGES = List.of("ru", "kk", "en");

    private final KnowledgeBase knowledge;

    FaqResource(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    @GET
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public List<FaqEntry> all() {
        return knowledge.all();
    }

    @GET
    @Path("/search")
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public Response search(@QueryParam("q") String q, @QueryParam("limit") @DefaultValue("3") int limit) {
        if (q == null || q.isBlank()) {
            return Problem.response(Response.Status.BAD_REQUEST, "q (the question) is required");
        }
        return Response.ok(knowledge.search(q, Math.max(1, Math.min(limit, 20)))).build();
    }

    @GET
    @Path("/{key}")
    @RolesAllowed({OperatorRoles.SUPPORT, OperatorRoles.CONTENT})
    public Response entry(@PathParam("key") String key) {
        return knowledge.find(key).map(e -> Response.ok(e).build())
                .orElseGet(() -> Problem.response(Response.Status.NOT_FOUND, "no FAQ entry " + key));
    }

    /** Creates (201) or replaces (200) an entry; it answers at once. */
    @PUT
    @Path("/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response put(@PathParam("key") String key, EntryInput input) {
        if (!key.matches("[a-z0-9][a-z0-9-]{1,62}")) {
            return Problem.response(Response.Status.BAD_REQUEST, "key is 2-63 lower-case letters, digits and '-'");
        }
        if (input == null || !complete(input.question()) || !complete(input.answer())) {
            return Problem.response(Response.Status.BAD_REQUEST, "question and answer need texts in ru, kk and en");
        }
        FaqEntry entry = new FaqEntry(key, Map.copyOf(input.question()), Map.copyOf(input.answer()),
                input.keywords() == null ? "" : input.keywords());
        boolean created = knowledge.put(entry);
        return Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(entry).build();
    }

    @DELETE
    @Path("/{key}")
    @RolesAllowed(OperatorRoles.CONTENT)
    public Response delete(@PathParam("key") String key) {
        return knowledge.delete(key) ? Response.noContent().build()
                : Problem.response(Response.Status.NOT_FOUND, "no FAQ entry " + key);
    }

    private static boolean complete(Map<String, String> texts) {
        return texts != null && LANGUAGES.stream().allMatch(l -> texts.get(l) != null && !texts.get(l).isBlank()
                && texts.get(l).length() <= 2000);
    }
}
