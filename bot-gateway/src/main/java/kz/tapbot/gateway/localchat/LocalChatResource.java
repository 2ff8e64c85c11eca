package kz.tapbot.gateway.localchat;

import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.ingest.IngestUnavailableException;
import kz.tapbot.gateway.ingest.UpdateIngest;
import kz.tapbot.gateway.telegram.TelegramUpdate;
import kz.tapbot.platform.web.Problem;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The local web chat: a page at /chat where a person talks to a local-mode bot in a browser. What
 * the page sends becomes a Telegram-shaped update fed to the same {@link UpdateIngest} as the webhook;
 * the bot's replies come back over server-sent events.
 */
@Path("/chat")
public class LocalChatResource {

    /** What the page sends: a text, a button press, a shared phone number or a shared location. */
    public record PageInput(Long chatId, String firstName, String languageCode, String text, String callbackData,
                            Long callbackMessageId, String phone, Double latitude, Double longitude) {
    }

    private final BotRegistry bots;
    private final UpdateIngest ingest;
    private final LocalChatHub hub;
    private final AgroalDataSource dataSource;
    private final Clock clock;

    LocalChatResource(BotRegistry bots, UpdateIngest ingest, LocalChatHub hub, AgroalDataSource dataSource,
                      Clock clock) {
        this.bots = bots;
        this.ingest = ingest;
        this.hub = hub;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page() throws IOException {
        try (InputStream in = LocalChatResource.class.getResourceAsStream("/localchat/chat.html")) {
            return Response.ok(new String(in.readAllBytes(), StandardCharsets.UTF_8)).build();
        }
    }

    @GET
    @Path("/api/bots")
    @Produces(MediaType.APPLICATION_JSON)
    public List<String> localBots() {
        return bots.all().stream().filter(Bot::isLocal).map(Bot::name).toList();
    }

    @POST
    @Path("/api/{bot}/updates")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Blocking
    public Response send(@PathParam("bot") String botName, PageInput input) {
        Bot bot = bots.find(botName).filter(Bot::isLocal).orElse(null);
        if (bot == null) {
            return Problem.response(Response.Status.NOT_FOUND, "no bot in local mode named '" + botName + "'");
        }
        if (input == null || input.chatId() == null || input.chatId() <= 0) {
            return Problem.response(Response.Status.BAD_REQUEST, "chatId (a positive number) is required");
        }
        boolean located = input.latitude() != null && input.longitude() != null;
        if (isBlank(input.text()) && isBlank(input.callbackData()) && isBlank(input.phone()) && !located) {
            return Problem.response(Response.Status.BAD_REQUEST, "send a text, a callbackData, a phone or a location");
        }
        if (located && (Math.abs(input.latitude()) > 90 || Math.abs(input.longitude()) > 180)) {
            return Problem.response(Response.Status.BAD_REQUEST, "latitude and longitude must be valid coordinates");
        }
        if (input.text() != null && input.text().length() > 4096) {
            return Problem.response(Response.Status.BAD_REQUEST, "a message holds at most 4096 characters");
        }
        try {
            long updateId = nextUpdateId();
            UpdateIngest.Outcome outcome = ingest.ingestAndWait(bot, toUpdate(updateId, input));
            return Response.ok(Map.of("updateId", updateId, "outcome", outcome.name().toLowerCase())).build();
        } catch (IngestUnavailableException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        } catch (RuntimeException e) {
            return Problem.response(Response.Status.SERVICE_UNAVAILABLE, "the chat is unavailable, try again");
        }
    }

    @GET
    @Path("/api/{bot}/chats/{chatId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<LocalChatHub.ChatEvent> events(@PathParam("bot") String botName, @PathParam("chatId") long chatId) {
        if (bots.find(botName).filter(Bot::isLocal).isEmpty()) {
            throw new jakarta.ws.rs.NotFoundException("no bot in local mode named '" + botName + "'");
        }
        return hub.watch(botName, chatId);
    }

    /**
     * Web chat update ids: the time in milliseconds times 1000 plus a database sequence (shared by
     * all gateway instances). They grow like Telegram's, are never reused even when the database or
     * Redis is reset, and lie far above Telegram's own ids, so the two never collide in the dedupe.
     */
    private long nextUpdateId() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement next = connection.prepareStatement("SELECT nextval('gateway.local_update_id')");
             ResultSet row = next.executeQuery()) {
            row.next();
            return clock.millis() * 1000 + row.getLong(1) % 1000;
        } catch (SQLException e) {
            throw new IllegalStateException("could not number the update", e);
        }
    }

    private TelegramUpdate toUpdate(long updateId, PageInput input) {
        TelegramUpdate.User user = new TelegramUpdate.User(input.chatId(), false,
                isBlank(input.firstName()) ? "Guest" : input.firstName(), null, null, input.languageCode());
        TelegramUpdate.Chat chat = new TelegramUpdate.Chat(input.chatId(), "private");
        long now = clock.instant().getEpochSecond();
        if (!isBlank(input.callbackData())) {
            TelegramUpdate.Message origin = new TelegramUpdate.Message(
                    input.callbackMessageId() == null ? 0 : input.callbackMessageId(), null, chat, now, null, null,
                    null, null, null);
            return new TelegramUpdate(updateId, null, null, new TelegramUpdate.CallbackQuery(
                    UUID.randomUUID().toString(), user, origin, input.callbackData()));
        }
        TelegramUpdate.Contact contact = isBlank(input.phone()) ? null
                : new TelegramUpdate.Contact(input.phone(), user.firstName(), user.id());
        TelegramUpdate.Location location = contact != null || input.latitude() == null || input.longitude() == null
                ? null : new TelegramUpdate.Location(input.latitude(), input.longitude());
        TelegramUpdate.Message message = new TelegramUpdate.Message(hub.nextMessageId(), user, chat, now,
                contact == null && location == null ? input.text() : null, null, contact, location, null);
        return new TelegramUpdate(updateId, message, null, null);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
