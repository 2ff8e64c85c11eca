package kz.tapbot.gateway.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.reply.GatewayTexts;
import kz.tapbot.gateway.reply.ReplySender;
import kz.tapbot.gateway.telegram.TelegramUpdate;
import kz.tapbot.gateway.user.DeleteMe;
import kz.tapbot.gateway.user.UserDirectory;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventIds;
import kz.tapbot.platform.messaging.EventPublisher;
import org.jboss.logging.Logger;

/**
 * Takes one Telegram update from any entry (webhook, polling, local web chat) onto bot.updates:
 * normalise, drop a repeat, apply the flood guard, publish and wait for Kafka's ack, remember the user.
 * An update is acknowledged to its sender only once Kafka has it, so none is lost or processed twice.
 */
@ApplicationScoped
public class UpdateIngest {

    /**
     * What happened to an update. IGNORED: a kind the bots do not use; REJECTED: beyond what Telegram
     * sends ({@link TelegramLimits}), dropped with a log line. Both are acknowledged, never retried.
     */
    public enum Outcome { PUBLISHED, DUPLICATE, IGNORED, REJECTED, THROTTLED, ANSWERED }

    private static final Logger LOG = Logger.getLogger(UpdateIngest.class);
    static final String SOURCE = "/tapbot/bot-gateway";

    private final UpdateDeduplicator deduplicator;
    private final UpdateGate gate;
    private final EventPublisher publisher;
    private final UserDirectory users;
    private final ReplySender replies;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** /deleteme, which the gateway answers itself. */
    @jakarta.inject.Inject
    DeleteMe deleteMe;

    UpdateIngest(UpdateDeduplicator deduplicator, UpdateGate gate, EventPublisher publisher, UserDirectory users,
                 ReplySender replies, AgroalDataSource dataSource, ObjectMapper json, Clock clock, MeterRegistry metrics) {
        this.deduplicator = deduplicator;
        this.gate = gate;
        this.publisher = publisher;
        this.users = users;
        this.replies = replies;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @throws IngestUnavailableException when Redis or Kafka cannot take the update now; the sender
     *                                    must deliver it again later
     */
    public Outcome ingest(Bot bot, TelegramUpdate update) {
        Optional<BotUpdate> normalized = UpdateNormalizer.normalize(bot.name(), update, clock.instant());
        if (normalized.isEmpty()) {
            count(bot, "ignored");
            return Outcome.IGNORED;
        }
        BotUpdate botUpdate = normalized.get();
        Optional<String> breach = TelegramLimits.breach(botUpdate);
        if (breach.isPresent()) {
            LOG.warnf("dropped update %d of the %s bot: %s", botUpdate.updateId(), bot.name(), breach.get());
            count(bot, "rejected");
            return Outcome.REJECTED;
        }
        UpdateGate.Verdict verdict;
        try {
            verdict = gate.pass(bot.name(), botUpdate.updateId(), botUpdate.chatId());
        } catch (RuntimeException e) {
            throw new IngestUnavailableException("dedupe store unavailable", e);
        }
        switch (verdict) {
            case ALREADY_DONE -> {
                count(bot, "duplicate");
                metrics.counter("tapbot.gateway.duplicate.updates", "bot", bot.name()).increment();
                return Outcome.DUPLICATE;
            }
            case IN_PROGRESS -> throw new IngestUnavailableException("update " + botUpdate.updateId()
                    + " is being processed by another request", null);
            default -> {
                // claimed: admitted or throttled below
            }
        }
        Outcome outcome;
        try (ChatLogContext.Scope chat = ChatLogContext.of(bot.name(), botUpdate.chatId())) {
            outcome = admitAndPublish(bot, botUpdate, verdict);
        } catch (RuntimeException e) {
            // not taken: the redelivery Telegram makes after the 503 must find the update_id free
            deduplicator.release(bot.name(), botUpdate.updateId());
            throw e instanceof IngestUnavailableException ? e : new IngestUnavailableException(e.getMessage(), e);
        }
        try {
            deduplicator.markDone(bot.name(), botUpdate.updateId());
        } catch (RuntimeException e) {
            // the update is on Kafka: a 503 now would have Telegram deliver it again and publish it twice. The
            // pending claim keeps repeats out for its minute; after that the consumers' event-id dedupe does.
            LOG.warnf("update %d of the %s bot published, but not marked done: %s", botUpdate.updateId(), bot.name(),
                    e.getMessage());
        }
        count(bot, outcome.name().toLowerCase());
        return outcome;
    }

    /** A claimed update: published if the flood guard admitted it, else recorded as throttled (and told once). */
    private Outcome admitAndPublish(Bot bot, BotUpdate update, UpdateGate.Verdict verdict) {
        if (verdict != UpdateGate.Verdict.ADMIT) {
            recordThrottled(bot, update);
            String language = update.user().languageCode();
            String text = verdict == UpdateGate.Verdict.REFUSE_AND_WARN ? GatewayTexts.slowDown(language) : null;
            String callbackId = update.callback() == null ? null : update.callback().id();
            if (text != null || callbackId != null) {
                replies.send(new BotReply(bot.name(), update.chatId(), text, null, null, null, callbackId, null,
                        EventIds.ofTelegramUpdate(bot.name(), update.updateId())));
            }
            return Outcome.THROTTLED;
        }
        if (DeleteMe.concerns(update)) {
            // answered here, never published: the profile is not refreshed, and after a confirmation it is gone
            deleteMe.answer(update).ifPresent(replies::send);
            return Outcome.ANSWERED;
        }
        CloudEvent event = new CloudEvent(EventIds.ofTelegramUpdate(bot.name(), update.updateId()),
                EventTypes.UPDATE_RECEIVED, SOURCE, clock.instant(), String.valueOf(update.chatId()), toJson(update));
        try {
            publisher.publish(Topics.BOT_UPDATES, event).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestUnavailableException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IngestUnavailableException("Kafka did not acknowledge the update", e);
        }
        try {
            users.remember(bot.name(), update.user());
        } catch (RuntimeException e) {
            // the update is safe in Kafka; a missed profile refresh heals on the user's next message
            LOG.warnf("could not refresh the profile of a %s user: %s", bot.name(), e.getMessage());
        }
        return Outcome.PUBLISHED;
    }

    private void recordThrottled(Bot bot, BotUpdate update) {
        String sql = "INSERT INTO gateway.throttled_update (bot, update_id, chat_id) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, bot.name());
            insert.setLong(2, update.updateId());
            insert.setLong(3, update.chatId());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IngestUnavailableException("could not record a throttled update", e);
        }
    }

    private String toJson(BotUpdate update) {
        try {
            return json.writeValueAsString(update);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(Bot bot, String outcome) {
        metrics.counter("tapbot_gateway_updates_total", "bot", bot.name(), "outcome", outcome).increment();
    }
}
