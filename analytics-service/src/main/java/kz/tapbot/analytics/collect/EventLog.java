package kz.tapbot.analytics.collect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.platform.messaging.MalformedEventException;
import kz.tapbot.platform.messaging.TransientFailures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Collects every event once (the CloudEvent id is the key, so a replay never counts twice), keeping
 * only what statistics need: id, type, topic, bot, chat key, time.
 */
@ApplicationScoped
public class EventLog {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    private final TransientFailures failures;

    EventLog(AgroalDataSource dataSource, ObjectMapper json, TransientFailures failures) {
        this.failures = failures;
        this.dataSource = dataSource;
        this.json = json;
    }

    @Incoming("bot-updates")
    @Blocking
    public void onUpdate(ConsumerRecord<String, String> record) {
        store(record);
    }

    @Incoming("bot-replies")
    @Blocking
    public void onReply(ConsumerRecord<String, String> record) {
        store(record);
    }

    void store(ConsumerRecord<String, String> record) {
        CloudEvent event = CloudEvent.from(record);
        String bot = botOf(event);
        failures.retry("logging an event", () -> insert(record.topic(), event, bot));
    }

    private String botOf(CloudEvent event) {
        String bot;
        try {
            JsonNode data = json.readTree(event.data());
            bot = data.path("bot").asText(null);
        } catch (Exception e) {
            throw new MalformedEventException("data is not JSON", e);
        }
        return bot;
    }

    private void insert(String topic, CloudEvent event, String bot) {
        String sql = "INSERT INTO analytics.event_log (event_id, event_type, topic, bot, chat_key, occurred_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setString(1, event.id());
            insert.setString(2, event.type());
            insert.setString(3, topic);
            insert.setString(4, bot);
            insert.setString(5, event.key());
            insert.setTimestamp(6, event.time() == null ? null : Timestamp.from(event.time()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store event " + event.id(), e);
        }
    }
}
