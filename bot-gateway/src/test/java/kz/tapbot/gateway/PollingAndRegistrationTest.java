package kz.tapbot.gateway;

import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

/** The taxi bot reads getUpdates (polling mode); the apartment bot registers its webhook at start. */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
@TestProfile(PollingAndRegistrationTest.PollingProfile.class)
class PollingAndRegistrationTest {

    static final String PUBLIC_URL = "https://bots.tapbot.example";

    public static class PollingProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "tapbot.bots.taxi.mode", "polling",
                    "tapbot.telegram.polling-timeout-seconds", "1",
                    "tapbot.bots.apartments.token", GatewayTestResources.APARTMENTS_TOKEN,
                    "tapbot.bots.apartments.secret", "apartments-secret",
                    "tapbot.bots.apartments.mode", "webhook",
                    "tapbot.telegram.public-url", PUBLIC_URL);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void updatesReadByPollingArePublishedAndTheOffsetIsKept() throws Exception {
        long chat = 4_400_000_000L + System.currentTimeMillis() % 1_000_000;
        // Telegram numbers updates upwards; the stored offset of an earlier run is below this one
        long updateId = System.currentTimeMillis();
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            TELEGRAM.queueUpdate(GatewayTestResources.TAXI_TOKEN, TelegramJson.textMessage(updateId, chat, "/start"));
            var record = probe.await(r -> r.key().equals(String.valueOf(chat)), 1, Duration.ofSeconds(20)).get(0);
            JsonNode update = json.readTree(record.value());
            assertEquals(updateId, update.get("updateId").asLong());
            // the stub keeps answering with the update until the offset moves past it: still one record
            assertEquals(1, probe.drain(Duration.ofSeconds(3)).stream()
                    .filter(r -> r.key().equals(String.valueOf(chat))).count());
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT next_offset FROM gateway.polling_offset WHERE bot = 'taxi'")) {
            assertTrue(row.next());
            assertEquals(updateId + 1, row.getLong(1));
        }
        Call poll = TELEGRAM.calls(c -> c.method().equals("getUpdates")).get(0);
        assertTrue(poll.token().equals(GatewayTestResources.TAXI_TOKEN));
        assertEquals("callback_query", poll.params().at("/allowed_updates/2").asText());
    }

    @Test
    void botsThatTalkToTelegramGetTheirCommandMenuInEachLanguage() {
        var menus = TELEGRAM.awaitCalls(c -> c.method().equals("setMyCommands")
                && c.token().equals(GatewayTestResources.TAXI_TOKEN), 4, Duration.ofSeconds(10));
        Call kazakh = menus.stream().filter(c -> "kk".equals(c.params().path("language_code").asText())).findFirst()
                .orElseThrow();
        assertEquals("book", kazakh.params().at("/commands/0/command").asText());
        assertEquals("Сапарды брондау", kazakh.params().at("/commands/0/description").asText());
    }

    @Test
    void aWebhookModeBotRegistersItsWebhookWithItsSecret() {
        Call registration = TELEGRAM.awaitCalls(c -> c.method().equals("setWebhook"), 1, Duration.ofSeconds(10)).get(0);
        assertEquals(GatewayTestResources.APARTMENTS_TOKEN, registration.token());
        assertEquals(PUBLIC_URL + "/telegram/apartments/webhook", registration.params().path("url").asText());
        assertEquals("apartments-secret", registration.params().path("secret_token").asText());
        assertEquals(3, registration.params().path("allowed_updates").size());
    }
}
