package kz.tapbot.gateway.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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

    private final UpdateGate gate;
    private final EventPublisher publisher;
    private final UserDirectory users;
    private final ReplySender replies;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** tapbot_gateway_updates_total by bot and outcome, looked up once rather than per update. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    /** /deleteme, which the gateway answers itself. */
    @jakarta.inject.Inject
    DeleteMe deleteMe;

    UpdateIngest(UpdateGate gate, EventPublisher publisher, UserDirectory users,
                 ReplySender replies, AgroalDataSource dataSource, ObjectMapper json, Clock clock, MeterRegistry metrics) {
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
     * Completes with the outcome once the update is settled, without holding a thread while Redis and Kafka answer
     * (only the rare updates the gateway answers itself, and a new profile's row, go to a worker thread).
     * Fails with {@link IngestUnavailableException} when Redis or Kafka cannot take the update now; the sender must
     * deliver it again later.
     */
    public Uni<Outcome> ingest(Bot bot, TelegramUpdate update) {
        Optional<BotUpdate> normalized = UpdateNormalizer.normalize(bot.name(), update, clock.instant());
        if (normalized.isEmpty()) {
            count(bot, Outcome.IGNORED);
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        BotUpdate botUpdate = normalized.get();
        Optional<String> breach = TelegramLimits.breach(botUpdate);
        if (breach.isPresent()) {
            LOG.warnf("dropped update %d of the %s bot: %s", botUpdate.updateId(), bot.name(), breach.get());
            count(bot, Outcome.REJECTED);
            return Uni.createFrom().item(Outcome.REJECTED);
        }
        return gate.pass(bot.name(), botUpdate.updateId(), botUpdate.chatId())
                .onFailure().transform(e -> new IngestUnavailableException("dedupe store unavailable", e))
                .chain(verdict -> switch (verdict) {
                    case ALREADY_DONE -> {
                        count(bot, Outcome.DUPLICATE);
                        metrics.counter("tapbot.gateway.duplicate.updates", "bot", bot.name()).increment();
                        yield Uni.createFrom().item(Outcome.DUPLICATE);
                    }
                    case IN_PROGRESS -> Uni.createFrom().failure(new IngestUnavailableException("update "
                            + botUpdate.updateId() + " is being processed by another request", null));
                    default -> claimed(bot, botUpdate, verdict);
                });
    }

    /** Blocks until {@link #ingest} completes: for the entries that run on a thread of their own (polling, web chat). */
    public Outcome ingestAndWait(Bot bot, TelegramUpdate update) {
        return ingest(bot, update).await().indefinitely();
    }

    /** The update is claimed: admitted (published) or throttled, then settled, or released if it was not taken. */
    private Uni<Outcome> claimed(Bot bot, BotUpdate update, UpdateGate.Verdict verdict) {
        Uni<Outcome> handled = verdict == UpdateGate.Verdict.ADMIT && !DeleteMe.concerns(update)
                ? publish(update)
                : Uni.createFrom().item(() -> answerHere(bot, update, verdict))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return handled
                .onFailure().call(() -> gate.release(bot.name(), update.updateId()))
                .onFailure(e -> !(e instanceof IngestUnavailableException))
                .transform(e -> new IngestUnavailableException(e.getMessage(), e))
                .call(outcome -> settle(bot, update, outcome))
                .invoke(outcome -> count(bot, outcome));
    }

    /** Kafka has the update (it is on bot.updates) once this completes; the 200 waits for it. */
    private Uni<Outcome> publish(BotUpdate update) {
        // built on subscription, so that a failure here releases the claim too; the wait is bounded by the producer's
        // delivery timeout (tapbot.kafka.send-timeout-ms): no timer of its own per update. Handed to a worker thread:
        // while the broker is away the producer's send itself blocks for the topic's metadata (up to that timeout),
        // which on the event loop held up every webhook and Redis answer of that loop (KafkaBrokerRestartTest)
        return Uni.createFrom().completionStage(() -> publisher.publish(Topics.BOT_UPDATES, new CloudEvent(
                        EventIds.ofTelegramUpdate(update.bot(), update.updateId()), EventTypes.UPDATE_RECEIVED, SOURCE,
                        clock.instant(), String.valueOf(update.chatId()), toJson(update))))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(e -> new IngestUnavailableException("Kafka did not acknowledge the update", e))
                .replaceWith(Outcome.PUBLISHED);
    }

    /**
     * An update the gateway answers itself, on a worker thread: a throttled one is recorded (and told once), a
     * /deleteme is answered (never published: the profile is not refreshed, and after a confirmation it is gone).
     */
    private Outcome answerHere(Bot bot, BotUpdate update, UpdateGate.Verdict verdict) {
        try (ChatLogContext.Scope chat = ChatLogContext.of(bot.name(), update.chatId())) {
            if (verdict == UpdateGate.Verdict.ADMIT) {
                deleteMe.answer(update).ifPresent(replies::send);
                return Outcome.ANSWERED;
            }
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
    }

    /**
     * Marks the taken update done and, for a published one, refreshes the sender's profile. Never fails: the update is
     * taken, and a 503 now would have Telegram deliver it again and publish it twice. A claim not marked done keeps
     * repeats out for its minute, and after that the consumers' event-id dedupe does; a missed profile refresh heals
     * on the user's next message.
     */
    private Uni<Void> settle(Bot bot, BotUpdate update, Outcome outcome) {
        return gate.settle(bot.name(), update.updateId(), update.user().id())
                .chain(cached -> outcome == Outcome.PUBLISHED
                        ? users.refresh(bot.name(), update.user(), cached)
                        : Uni.createFrom().voidItem())
                .ifNoItem().after(UpdateGate.TIMEOUT).fail()
                .onFailure().recoverWithUni(e -> {
                    try (ChatLogContext.Scope chat = ChatLogContext.of(bot.name(), update.chatId())) {
                        LOG.warnf("update %d of the %s bot taken, but not settled (marked done, profile refreshed): %s",
                                update.updateId(), bot.name(), e.getMessage());
                    }
                    return Uni.createFrom().voidItem();
                });
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

    private void count(Bot bot, Outcome outcome) {
        counters.computeIfAbsent(bot.name() + ":" + outcome, key -> metrics.counter("tapbot_gateway_updates_total",
                "bot", bot.name(), "outcome", outcome.name().toLowerCase())).increment();
    }
}
