package kz.tapbot.taxi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.logging.ChatLogContext;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What reaches the log output (a file handler with the same format and masking filter as the console):
 * no phone, token or key in clear, and the bot and chat on every line written while a message is handled.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(LogLinesTest.WithLogFile.class)
class LogLinesTest {

    private static final Logger LOG = Logger.getLogger(LogLinesTest.class);
    private static final Path LOG_FILE = Path.of("target", "log-lines-test.log").toAbsolutePath();
    private static final String PHONE = "+77011234567";
    private static final String BOT_TOKEN = "7012345678:AAH4k2Jd9sLmQpX7vTzR0bYcWnE5uFgHiJk";
    private static final String OPENAI_KEY = "sk-proj-Ab3dEfGh1jKlMnOpQrStUvWxYz0123456789";
    private static final String DANAS_TOKEN = "operator-token-of-dana-in-the-log-test";

    public static class WithLogFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", LOG_FILE.toString(),
                    "quarkus.log.file.json.enabled", "false",
                    // secrets of no known shape: only the configuration tells they must be hidden
                    "tapbot.admin.token", "operator-token-of-the-log-test",
                    "tapbot.ai.openai.api-key", "configured-openai-key-of-the-log-test",
                    "tapbot.operator.tokens", "dana:support:" + DANAS_TOKEN);
        }
    }

    @ConfigProperty(name = "tapbot.admin.token")
    String adminToken;

    @ConfigProperty(name = "tapbot.ai.openai.api-key")
    String configuredOpenAiKey;

    @Inject
    RedisDataSource redis;

    @Inject
    ObjectMapper json;

    @Test
    void phonesTokensAndKeysReachTheLogMasked() throws Exception {
        String marker = UUID.randomUUID().toString();
        LOG.infof("%s phone %s, bot token %s, operator token %s, OpenAI key %s, configured key %s", marker, PHONE,
                BOT_TOKEN, adminToken, OPENAI_KEY, configuredOpenAiKey);
        LOG.infof("%s refused operator token %s", marker, DANAS_TOKEN);
        LOG.error(marker + " delivery failed", new IllegalStateException("Bearer eyJhbGciOi.eyJzdWIi for 8 701 123 45 67"));

        String line = awaitLine(l -> l.contains(marker + " phone"));
        assertTrue(line.contains("phone +7701***4567, bot token 7012345678:***, operator token ***, OpenAI key sk-***,"
                + " configured key ***"), line);
        assertTrue(awaitLine(l -> l.contains(marker + " refused")).endsWith("refused operator token ***"),
                "every token of TAPBOT_OPERATOR_TOKENS is masked");
        String log = Files.readString(LOG_FILE, StandardCharsets.UTF_8);
        assertTrue(log.contains("IllegalStateException: Bearer *** for +7701***4567"), "the exception's message is masked");
        for (String secret : List.of(PHONE, BOT_TOKEN.substring(11), adminToken, OPENAI_KEY, configuredOpenAiKey,
                DANAS_TOKEN, "eyJhbGciOi", "123 45 67")) {
            assertFalse(log.contains(secret), secret + " reached the log");
        }
    }

    @Test
    void aLineWrittenWhileAMessageIsHandledNamesItsBotAndChat() throws Exception {
        long chat = 9_100_000_000L + (System.nanoTime() & 0xFFFFFFL);
        String marker = UUID.randomUUID().toString();
        try (ChatLogContext.Scope scope = ChatLogContext.of("taxi", chat)) {
            LOG.infof("%s inside", marker);
        }
        LOG.infof("%s outside", marker);
        assertTrue(awaitLine(l -> l.contains(marker + " inside")).contains("bot=taxi chat=" + chat + " "));
        assertTrue(awaitLine(l -> l.contains(marker + " outside")).contains("bot= chat= "));

        // the taxi consumer logs a chat's unreadable session while it handles that chat's message
        redis.value(String.class).set(SessionStore.key("taxi", chat), "not a session {");
        KafkaTestBroker.send(message(chat, "/start").toRecord(Topics.BOT_MESSAGES));
        String warning = awaitLine(l -> l.contains("unreadable taxi session") && l.contains("chat=" + chat + " "));
        assertTrue(warning.contains("bot=taxi chat=" + chat + " "), warning);
    }

    private CloudEvent message(long chat, String text) throws Exception {
        BotUpdate update = new BotUpdate("taxi", chat, chat, BotUpdate.Kind.MESSAGE,
                new BotUpdate.User(chat, "Dana", null, null, "ru"), 1L, text, null, null, null, Instant.now());
        return new CloudEvent(UUID.randomUUID().toString(), EventTypes.MESSAGE_UNDERSTOOD, "/tests", Instant.now(),
                String.valueOf(chat), json.writeValueAsString(new BotMessage(update, "unknown", 0, "ru", Map.of())));
    }

    /** The first line of the log file that matches, once the handler has written it. */
    private static String awaitLine(Predicate<String> wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            if (Files.exists(LOG_FILE)) {
                for (String line : Files.readAllLines(LOG_FILE, StandardCharsets.UTF_8)) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no such line in " + LOG_FILE);
            }
            Thread.sleep(200);
        }
    }
}
