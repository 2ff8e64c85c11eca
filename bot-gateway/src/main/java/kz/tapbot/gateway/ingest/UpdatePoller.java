package kz.tapbot.gateway.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotMode;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.gateway.telegram.BotApiClient;
import kz.tapbot.gateway.telegram.TelegramUpdate;
import org.jboss.logging.Logger;

/**
 * For bots in polling mode: reads getUpdates in a loop and feeds each update to {@link UpdateIngest}.
 * The offset is stored in gateway.polling_offset only after the update is on Kafka, so a restart
 * neither skips nor repeats one (a repeat would be dropped by the dedupe anyway).
 */
@ApplicationScoped
public class UpdatePoller {

    private static final Logger LOG = Logger.getLogger(UpdatePoller.class);

    private final BotRegistry bots;
    private final BotApiClient api;
    private final UpdateIngest ingest;
    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final int timeoutSeconds;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    UpdatePoller(BotRegistry bots, BotApiClient api, UpdateIngest ingest, AgroalDataSource dataSource,
                 ObjectMapper json, GatewayConfig config) {
        this.bots = bots;
        this.api = api;
        this.ingest = ingest;
        this.dataSource = dataSource;
        this.json = json;
        this.timeoutSeconds = config.telegram().pollingTimeoutSeconds();
    }

    void start(@Observes StartupEvent startup) {
        for (Bot bot : bots.all()) {
            if (bot.mode() == BotMode.POLLING) {
                Thread poller = new Thread(() -> poll(bot), "telegram-poller-" + bot.name());
                poller.setDaemon(true);
                poller.start();
                pollers.add(poller);
            }
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        pollers.forEach(Thread::interrupt);
    }

    private void poll(Bot bot) {
        Duration pause = Duration.ZERO;
        api.call(bot, "deleteWebhook", api.params()).exceptionally(e -> null).join();
        while (running) {
            try {
                sleep(pause);
                long offset = storedOffset(bot);
                ObjectNode params = api.params().put("offset", offset).put("timeout", timeoutSeconds);
                params.putArray("allowed_updates").add("message").add("edited_message").add("callback_query");
                JsonNode updates = api.call(bot, "getUpdates", params, Duration.ofSeconds(timeoutSeconds + 10)).join();
                for (JsonNode update : updates) {
                    ingest.ingestAndWait(bot, json.treeToValue(update, TelegramUpdate.class));
                    storeOffset(bot, update.path("update_id").asLong() + 1);
                }
                pause = Duration.ZERO;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                pause = pause.isZero() ? Duration.ofSeconds(1) : min(pause.multipliedBy(2), Duration.ofSeconds(30));
                LOG.warnf("polling %s failed, next try in %s: %s", bot.name(), pause, e.getMessage());
            }
        }
    }

    private long storedOffset(Bot bot) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT next_offset FROM gateway.polling_offset WHERE bot = ?")) {
            query.setString(1, bot.name());
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private void storeOffset(Bot bot, long nextOffset) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(
                     "INSERT INTO gateway.polling_offset (bot, next_offset) VALUES (?, ?)"
                             + " ON CONFLICT (bot) DO UPDATE SET next_offset = excluded.next_offset")) {
            upsert.setString(1, bot.name());
            upsert.setLong(2, nextOffset);
            upsert.executeUpdate();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Duration pause) throws InterruptedException {
        if (!pause.isZero()) {
            Thread.sleep(pause.toMillis());
        }
    }
}
