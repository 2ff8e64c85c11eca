package kz.tapbot.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.telegram.TelegramUpdate;
import kz.tapbot.platform.web.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Where Telegram posts updates for a bot in webhook mode. */
@Path("/telegram/{bot}/webhook")
public class TelegramWebhookResource {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";

    private final BotRegistry bots;
    private final UpdateIngest ingest;
    private final ObjectMapper json;

    TelegramWebhookResource(BotRegistry bots, UpdateIngest ingest, ObjectMapper json) {
        this.bots = bots;
        this.ingest = ingest;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Telegram Update",
            description = "200 once the update is on bot.updates (or was a repeat, or a kind the bots ignore).")
    @APIResponse(responseCode = "200", description = "acknowledged")
    @APIResponse(responseCode = "400", description = "the body is not a Telegram Update")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Telegram-Bot-Api-Secret-Token")
    @APIResponse(responseCode = "404", description = "no bot of that name")
    @APIResponse(responseCode = "413", description = "body over 1 MB")
    @APIResponse(responseCode = "503", description = "Redis or Kafka unavailable: Telegram will deliver it again")
    public Response receive(@PathParam("bot") String botName, @HeaderParam(SECRET_HEADER) String secret, String body) {
        Optional<Bot> found = bots.find(botName);
        if (found.isEmpty()) {
            return Problem.response(Response.Status.NOT_FOUND, "no bot named '" + botName + "'");
        }
        Bot bot = found.get();
        if (!bot.acceptsSecret(secret)) {
            return Problem.response(Response.Status.UNAUTHORIZED, "missing or wrong " + SECRET_HEADER);
        }
        Optional<TelegramUpdate> update = parse(body);
        if (update.isEmpty()) {
            return Problem.response(Response.Status.BAD_REQUEST,
                    "the body is not a Telegram Update (a JSON object with a non-negative integer update_id)");
        }
        try {
            UpdateIngest.Outcome outcome = ingest.ingest(bot, update.get());
            return Response.ok(json.createObjectNode().put("outcome", outcome.name().toLowerCase())).build();
        } catch (IngestUnavailableException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage() + "; deliver it again later");
        }
    }

    private Optional<TelegramUpdate> parse(String body) {
        try {
            JsonNode tree = body == null ? null : json.readTree(body);
            if (tree == null || !tree.isObject() || !tree.path("update_id").canConvertToLong()
                    || !tree.path("update_id").isIntegralNumber() || tree.path("update_id").asLong() < 0) {
                return Optional.empty();
            }
            return Optional.of(json.treeToValue(tree, TelegramUpdate.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
