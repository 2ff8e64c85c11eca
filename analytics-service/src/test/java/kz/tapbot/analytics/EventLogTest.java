package kz.tapbot.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class EventLogTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventDeliveredTwiceIsCountedOnceWithoutItsText() throws Exception {
        String id = UUID.randomUUID().toString();
        CloudEvent update = new CloudEvent(id, EventTypes.UPDATE_RECEIVED, "/tests", Instant.now(), "77",
                "{\"bot\": \"taxi\", \"chatId\": 77, \"text\": \"my phone is +77011234567\"}");
        KafkaTestBroker.send(update.toRecord(Topics.BOT_UPDATES));
        KafkaTestBroker.send(update.toRecord(Topics.BOT_UPDATES));
        CloudEvent marker = new CloudEvent(UUID.randomUUID().toString(), EventTypes.UPDATE_RECEIVED, "/tests",
                Instant.now(), "77", "{\"bot\": \"taxi\"}");
        KafkaTestBroker.send(marker.toRecord(Topics.BOT_UPDATES));

        long deadline = System.currentTimeMillis() + 20_000;
        while (count("event_id = '" + marker.id() + "'") == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(1, count("event_id = '" + id + "' AND bot = 'taxi' AND topic = 'bot.updates'"));
    }

    private long count(String where) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM analytics.event_log WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
