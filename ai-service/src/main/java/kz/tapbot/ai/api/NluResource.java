package kz.tapbot.ai.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import kz.tapbot.ai.nlu.Parse;
import kz.tapbot.ai.understanding.Understander;
import kz.tapbot.platform.web.Problem;

/**
 * POST /nlu/parse, as ../shared/design/NLU.md specifies: {text, bot?, now?} in, {intent, confidence,
 * language, entities} out. Open like the parser itself: it reads text and stores nothing.
 */
@Path("/nlu/parse")
public class NluResource {

    /** What to parse; bot is a hint, now the reference time for relative dates (default: now in Almaty). */
    public record ParseRequest(String text, String bot, String now) {
    }

    private static final int MAX_TEXT = 4096;

    private final Understander understander;
    private final Clock clock;

    NluResource(Understander understander, Clock clock) {
        this.understander = understander;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response parse(ParseRequest request) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            return Problem.response(Response.Status.BAD_REQUEST, "text is required");
        }
        if (request.text().length() > MAX_TEXT) {
            return Problem.response(Response.Status.BAD_REQUEST, "text is at most " + MAX_TEXT + " characters");
        }
        if (request.bot() != null && !request.bot().equals("taxi") && !request.bot().equals("apartments")) {
            return Problem.response(Response.Status.BAD_REQUEST, "bot is \"taxi\", \"apartments\" or null");
        }
        ZonedDateTime now;
        try {
            now = request.now() == null ? ZonedDateTime.now(clock.withZone(ZoneId.of("Asia/Almaty")))
                    : ZonedDateTime.parse(request.now());
        } catch (DateTimeParseException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "now is an ISO date-time with offset, e.g. "
                    + "2026-11-25T10:00:00+05:00");
        }
        Parse parse = understander.parse(request.text(), request.bot(), now);
        // the contract always names a language: Russian, the bots' first language, when the text does not show one
        return Response.ok(parse.language() != null ? parse
                : new Parse(parse.intent(), parse.confidence(), "ru", parse.entities())).build();
    }
}
