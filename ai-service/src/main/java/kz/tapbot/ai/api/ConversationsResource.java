package kz.tapbot.ai.api;

import io.agroal.api.AgroalDataSource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.tapbot.ai.memory.ConversationMemory;
import kz.tapbot.platform.operator.OperatorRoles;
import kz.tapbot.platform.web.Problem;

/**
 * Operators search the dialog history by meaning (the conversations collection, with payload filters)
 * and read a chat's transcript (ai.dialog_message). Phone numbers in texts are masked at storage.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationsResource {

    /** One message of a transcript. */
    public record Line(String eventId, String direction, String bot, String kind, String text, String callbackData,
                       String intent, String language, Instant at) {
    }

    private final ConversationMemory memory;
    private final AgroalDataSource dataSource;

    ConversationsResource(ConversationMemory memory, AgroalDataSource dataSource) {
        this.memory = memory;
        this.dataSource = dataSource;
    }

    @GET
    @Path("/conversations/search")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response search(@QueryParam("q") String q, @QueryParam("userId") Long userId, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("intent") String intent,
                           @QueryParam("limit") @DefaultValue("10") int limit) {
        if (q == null || q.isBlank()) {
            return Problem.response(Response.Status.BAD_REQUEST, "q (what to look for) is required");
        }
        if (limit < 1 || limit > 100) {
            return Problem.response(Response.Status.BAD_REQUEST, "limit is 1 to 100");
        }
        Instant since;
        Instant until;
        try {
            since = from == null ? null : Instant.parse(from);
            until = to == null ? null : Instant.parse(to);
        } catch (DateTimeParseException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "from and to are ISO instants, e.g. 2026-11-25T10:00:00Z");
        }
        return Response.ok(memory.search(new ConversationMemory.Query(q, userId, since, until, intent, limit))).build();
    }

    @GET
    @Path("/conversations/{chatId}")
    @RolesAllowed(OperatorRoles.SUPPORT)
    public Response transcript(@PathParam("chatId") String chatId, @QueryParam("bot") String bot,
                               @QueryParam("limit") @DefaultValue("200") int limit) {
        long chat;
        try {
            chat = Long.parseLong(chatId);
        } catch (NumberFormatException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "'" + chatId + "' is not a chat id (a number)");
        }
        if (limit < 1 || limit > 1000) {
            return Problem.response(Response.Status.BAD_REQUEST, "limit is 1 to 1000");
        }
        String sql = "SELECT * FROM (SELECT event_id, direction, bot, kind, text, callback_data, intent, language, occurred_at"
                + " FROM ai.dialog_message WHERE chat_id = ? AND (?::text IS NULL OR bot = ?)"
                + " ORDER BY occurred_at DESC, stored_at DESC LIMIT ?) recent ORDER BY occurred_at";
        List<Line> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, chat);
            s.setString(2, bot);
            s.setString(3, bot);
            s.setInt(4, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    lines.add(new Line(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getString(8), r.getTimestamp(9).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the transcript", e);
        }
        if (lines.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no messages of chat " + chatId);
        }
        return Response.ok(lines).build();
    }

    /** Rebuilds the conversations collection from ai.dialog_message (after changing the embedding model, say). */
    @POST
    @Path("/admin/reindex-conversations")
    @RolesAllowed(OperatorRoles.ADMIN)
    public Map<String, Object> reindex() {
        int indexed = memory.rebuild();
        return Map.of("indexed", indexed, "collectionSize", memory.size());
    }
}
