package kz.tapbot.gateway.user;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.events.UserErased;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.EventPublisher;
import org.jboss.logging.Logger;

/**
 * Forgets a user: first what the gateway holds on them (the gateway.telegram_user row, the updates of theirs the
 * flood guard refused, the Redis profile user:telegram:{id} and flood buckets rate:tg:{bot}:{id}), then announces
 * kz.tapbot.user.erased.v1 on user.erasures so that every other service erases its own. Safe to run again with the
 * same event id (a retried /deleteme, a repeated operator call): the deletions find nothing, the event is the same.
 */
@ApplicationScoped
public class UserErasure {

    private static final Logger LOG = Logger.getLogger(UserErasure.class);
    static final String SOURCE = "/tapbot/bot-gateway";

    private final AgroalDataSource dataSource;
    private final RedisDataSource redis;
    private final BotRegistry bots;
    private final EventPublisher publisher;
    private final ObjectMapper json;
    private final Clock clock;

    UserErasure(AgroalDataSource dataSource, RedisDataSource redis, BotRegistry bots, EventPublisher publisher,
                ObjectMapper json, Clock clock) {
        this.dataSource = dataSource;
        this.redis = redis;
        this.bots = bots;
        this.publisher = publisher;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Erases the gateway's data on {@code userId}, then publishes the erasure and waits for Kafka to have it.
     *
     * @param bot the bot the user asked in, null for an operator's call
     * @throws IllegalStateException when PostgreSQL, Redis or Kafka fail: nothing is lost, call again
     */
    public void erase(long userId, String requestedBy, String bot, String eventId) {
        forget(userId);
        UserErased erased = new UserErased(userId, requestedBy, bot, clock.instant());
        CloudEvent event;
        try {
            event = new CloudEvent(eventId, EventTypes.USER_ERASED, SOURCE, clock.instant(), String.valueOf(userId),
                    json.writeValueAsString(erased));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try {
            publisher.publish(Topics.USER_ERASURES, event).get(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge the erasure", e);
        }
        LOG.infof("user erased at the gateway (requested by %s), erasure %s announced", requestedBy, eventId);
    }

    private void forget(long userId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement user = connection.prepareStatement("DELETE FROM gateway.telegram_user WHERE id = ?");
                 PreparedStatement throttled = connection.prepareStatement(
                         "DELETE FROM gateway.throttled_update WHERE chat_id = ?")) {
                user.setLong(1, userId);
                user.executeUpdate();
                // the bots serve private chats only: the chat id is the user's id
                throttled.setLong(1, userId);
                throttled.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not erase the user's rows", e);
        }
        List<String> keys = new ArrayList<>();
        keys.add(UserDirectory.profileKey(userId));
        for (Bot bot : bots.all()) {
            keys.add("rate:tg:" + bot.name() + ":" + userId);
        }
        redis.key(String.class).del(keys.toArray(String[]::new));
    }
}
