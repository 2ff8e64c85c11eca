package kz.tapbot.gateway.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.telegram.TelegramUpdate;
import kz.tapbot.platform.web.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Where Telegram posts updates for a bot in webhook mode. Served on the event loop: the update's Redis calls and
 * Kafka's ack are awaited without holding a thread ({@link UpdateIngest#ingest}).
 */
@Path("/telegram/{bot}/webhook")
public class TelegramWebhookResource {

    static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
    /** The body of a 200, {"outcome":"published"} and the like, written once rather than per update. */
    private static final Map<UpdateIngest.Outcome, String> ANSWERS = new EnumMap<>(UpdateIngest.Outcome.class);

    static {
        for (UpdateIngest.Outcome outcome : UpdateIngest.Outcome.values()) {
            ANSWERS.put(outcome, "{\"outcome\":\"" + outcome.name().toLowerCase() + "\"}");
        }
    }

    private final BotRegistry bots;
    private final UpdateIngest ingest;
    private final ObjectMapper strict;

    TelegramWebhookResource(BotRegistry bots, UpdateIngest ingest, ObjectMapper json) {
        this.bots = bots;
        this.ingest = ingest;
        this.strict = strict(json);
    }

    /**
     * Telegram sends every field with its documented JSON type: a number where a text belongs (or the
     * other way round, or a fraction where an id belongs) is not an Update, not something to coerce.
     */
    private static ObjectMapper strict(ObjectMapper json) {
        ObjectMapper strict = json.copy().disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return strict;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Telegram Update",
            description = "200 once the update is on bot.updates (or was a repeat, or a kind the bots ignore).")
    @APIResponse(responseCode = "200", description = "acknowledged: outcome published, duplicate, ignored (a kind the"
            + " bots do not use), rejected (beyond Telegram's own limits, dropped) or throttled")
    @APIResponse(responseCode = "400", description = "the body is not a Telegram Update (not UTF-8 JSON, no update_id,"
            + " a field of the wrong type)")
    @APIResponse(responseCode = "401", description = "missing or wrong X-Telegram-Bot-Api-Secret-Token")
    @APIResponse(responseCode = "404", description = "no bot of that name")
    @APIResponse(responseCode = "413", description = "body over 1 MB")
    @APIResponse(responseCode = "503", description = "Redis or Kafka unavailable: Telegram will deliver it again")
    public Uni<Response> receive(@PathParam("bot") String botName, @HeaderParam(SECRET_HEADER) String secret,
                                 byte[] body) {
        Optional<Bot> found = bots.find(botName);
        if (found.isEmpty()) {
            return answer(Problem.response(Response.Status.NOT_FOUND, "no bot named '" + botName + "'"));
        }
        Bot bot = found.get();
        if (!bot.acceptsSecret(secret)) {
            return answer(Problem.response(Response.Status.UNAUTHORIZED, "missing or wrong " + SECRET_HEADER));
        }
        Optional<TelegramUpdate> update = parse(body);
        if (update.isEmpty()) {
            return answer(Problem.response(Response.Status.BAD_REQUEST, "the body is not a Telegram Update (UTF-8 JSON,"
                    + " an object with a non-negative integer update_id and its fields of the Bot API's types)"));
        }
        return ingest.ingest(bot, update.get())
                .map(outcome -> Response.ok(ANSWERS.get(outcome), MediaType.APPLICATION_JSON_TYPE).build())
                .onFailure(IngestUnavailableException.class).recoverWithItem(e -> Problem.response(
                        Response.Status.SERVICE_UNAVAILABLE, e.getMessage() + "; deliver it again later"));
    }

    private static Uni<Response> answer(Response response) {
        return Uni.createFrom().item(response);
    }

    /**
     * Decoded strictly from the bytes: a body that is not UTF-8 (overlong forms and encoded surrogates
     * included) is refused rather than patched with U+FFFD. Read in one pass into the update; the strict mapper
     * refuses an update_id that is not an integer (a string, a fraction, a boolean) or is beyond a long.
     */
    private Optional<TelegramUpdate> parse(byte[] body) {
        try {
            TelegramUpdate update = body == null || body.length == 0 ? null : strict.readValue(StandardCharsets.UTF_8
                    .newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString(), TelegramUpdate.class);
            if (update == null || update.updateId() == null || update.updateId() < 0) {
                return Optional.empty();
            }
            return Optional.of(update);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
