package kz.tapbot.gateway;

import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.platform.messaging.CloudEvent;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class RepliesTest {

    private static final AtomicLong CHATS = new AtomicLong(5_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RedisDataSource redis;

    private void publish(BotReply reply) throws Exception {
        publishRaw(String.valueOf(reply.chatId()), EventTypes.REPLY_REQUESTED, json.writeValueAsString(reply));
    }

    private static void publishRaw(String key, String type, String data) {
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), type, "/tests", Instant.now(), key, data);
        KafkaTestBroker.send(event.toRecord(Topics.BOT_REPLIES));
    }

    private static BotReply text(long chat, String text) {
        return new BotReply("taxi", chat, text, null, null, null, null, null, null);
    }

    private static List<Call> sends(long chat, int count) {
        return TELEGRAM.awaitCalls(c -> c.method().equals("sendMessage") && c.chatId() == chat && c.delivered(), count,
                Duration.ofSeconds(20));
    }

    @Test
    void replyWithInlineKeyboardAndCallbackAnswerReachesTheBotApi() throws Exception {
        long chat = CHATS.incrementAndGet();
        publish(new BotReply("taxi", chat, "Куда едем?",
                List.of(List.of(new BotReply.Button("Астана", "to:Astana"), new BotReply.Button("Шымкент", "to:Shymkent"))),
                null, null, "cbq-1", "ok", null));
        Call send = sends(chat, 1).get(0);
        assertEquals("Куда едем?", send.text());
        assertEquals("to:Shymkent", send.params().at("/reply_markup/inline_keyboard/0/1/callback_data").asText());
        assertTrue(TELEGRAM.calls().stream().anyMatch(c -> c.method().equals("answerCallbackQuery")
                && c.params().path("callback_query_id").asText().equals("cbq-1")));
        assertTrue(send.token().contains("taxi-test-token"));
    }

    @Test
    void aCallbackAnswerThenMessagesToTwoChatsAllArrive() throws Exception {
        long passenger = CHATS.incrementAndGet();
        long driver = CHATS.incrementAndGet();
        publish(new BotReply("taxi", passenger, null, null, null, null, "cbq-x", null, null));
        publish(text(passenger, "cancelled"));
        publish(text(driver, "your passenger cancelled"));
        assertEquals("cancelled", sends(passenger, 1).get(0).text());
        assertEquals("your passenger cancelled", sends(driver, 1).get(0).text());
    }

    @Test
    void aReplyDeliveredTwiceIsSentOnce() throws Exception {
        long chat = CHATS.incrementAndGet();
        CloudEvent once = new CloudEvent(UUID.randomUUID().toString(), EventTypes.REPLY_REQUESTED, "/tests",
                Instant.now(), String.valueOf(chat), json.writeValueAsString(text(chat, "only once")));
        KafkaTestBroker.send(once.toRecord(Topics.BOT_REPLIES));
        sends(chat, 1);
        KafkaTestBroker.send(once.toRecord(Topics.BOT_REPLIES));
        publish(text(chat, "next"));
        assertEquals(List.of("only once", "next"), sends(chat, 2).stream().map(Call::text).toList());
    }

    @Test
    void aReplyAnotherInstanceIsSendingIsLeftToItAndTheChatsNextReplyWaits() throws Exception {
        long chat = CHATS.incrementAndGet();
        String id = UUID.randomUUID().toString();
        // another gateway instance, which held the partition before a rebalance, is sending this reply
        redis.execute("SET", "tg:reply:" + id, "sending:another-instance", "EX", "30");
        KafkaTestBroker.send(new CloudEvent(id, EventTypes.REPLY_REQUESTED, "/tests", Instant.now(), String.valueOf(chat),
                json.writeValueAsString(text(chat, "sent by the other instance"))).toRecord(Topics.BOT_REPLIES));
        publish(text(chat, "next"));
        Thread.sleep(2_000);
        assertEquals(List.of(), TELEGRAM.calls(c -> c.chatId() == chat).stream().map(Call::text).toList(),
                "nothing overtakes the reply the other instance is sending");
        redis.execute("SET", "tg:reply:" + id, "1", "EX", "60");
        assertEquals(List.of("next"), sends(chat, 1).stream().map(Call::text).toList());
    }

    @Test
    void contactRequestBecomesAOneTimeShareButton() throws Exception {
        long chat = CHATS.incrementAndGet();
        publish(new BotReply("taxi", chat, "Ваш телефон?", null, "📱 Отправить номер", null, null, null, null));
        Call send = sends(chat, 1).get(0);
        assertTrue(send.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean());
    }

    @Test
    void aReplyWithAPhotoIsSentAsAPhotoWithItsTextAsCaptionAndButtons() throws Exception {
        long chat = CHATS.incrementAndGet();
        publish(new BotReply("taxi", chat, "Двухкомнатная, 18 000 ₸ / ночь",
                List.of(List.of(new BotReply.Button("Забронировать", "book:1"))), null, null, null, null, null,
                "https://photos.example.kz/1.jpg"));
        Call photo = TELEGRAM.awaitCalls(c -> c.method().equals("sendPhoto") && c.chatId() == chat && c.delivered(), 1,
                Duration.ofSeconds(20)).get(0);
        assertEquals("https://photos.example.kz/1.jpg", photo.params().path("photo").asText());
        assertEquals("Двухкомнатная, 18 000 ₸ / ночь", photo.params().path("caption").asText());
        assertEquals("book:1", photo.params().at("/reply_markup/inline_keyboard/0/0/callback_data").asText());
        assertTrue(TELEGRAM.calls(c -> c.method().equals("sendMessage") && c.chatId() == chat).isEmpty());
    }

    @Test
    void aTextTooLongForACaptionFollowsThePhotoAsAMessage() throws Exception {
        long chat = CHATS.incrementAndGet();
        String longText = "описание ".repeat(150);
        publish(new BotReply("taxi", chat, longText, List.of(List.of(new BotReply.Button("Далее", "next:1"))), null, null,
                null, null, null, "AgACAgIAAxkBAAIB"));
        TELEGRAM.awaitCalls(c -> c.method().equals("sendPhoto") && c.chatId() == chat && c.delivered(), 1,
                Duration.ofSeconds(20));
        Call text = sends(chat, 1).get(0);
        assertEquals(longText, text.text());
        assertEquals("next:1", text.params().at("/reply_markup/inline_keyboard/0/0/callback_data").asText());
        Call photo = TELEGRAM.calls(c -> c.method().equals("sendPhoto") && c.chatId() == chat).get(0);
        assertTrue(photo.params().path("caption").isMissingNode());
        assertTrue(photo.at().isBefore(text.at()) || photo.at().equals(text.at()));
    }

    @Test
    void editOfAnEarlierMessageUsesEditMessageText() throws Exception {
        long chat = CHATS.incrementAndGet();
        publish(new BotReply("taxi", chat, "2 места", null, null, 55L, null, null, null));
        Call edit = TELEGRAM.awaitCalls(c -> c.method().equals("editMessageText") && c.chatId() == chat, 1,
                Duration.ofSeconds(20)).get(0);
        assertEquals(55, edit.params().path("message_id").asLong());
    }

    @Test
    void afterA429TheReplyIsSentAgainOnceRetryAfterHasPassed() throws Exception {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.failNextWithTooManyRequests("sendMessage", chat, 2, 1);
        publish(text(chat, "after the flood wait"));
        Call delivered = sends(chat, 1).get(0);
        Call refused = TELEGRAM.calls(c -> c.chatId() == chat && c.status() == 429).get(0);
        assertEquals("after the flood wait", delivered.text());
        assertTrue(Duration.between(refused.at(), delivered.at()).toMillis() >= 1900,
                "waited retry_after: " + Duration.between(refused.at(), delivered.at()));
    }

    @Test
    void serverErrorsAreRetriedUntilTheReplyGetsThrough() throws Exception {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.failNextWithServerError("sendMessage", chat, 502, 2);
        publish(text(chat, "despite 502s"));
        assertEquals("despite 502s", sends(chat, 1).get(0).text());
        assertEquals(2, TELEGRAM.calls(c -> c.chatId() == chat && c.status() == 502).size());
    }

    @Test
    void aReplyTelegramKeepsRefusingGoesToTheDeadLetterTopicInsteadOfBlockingForever() throws Exception {
        long chat = CHATS.incrementAndGet();
        TELEGRAM.failNextWithServerError("sendMessage", chat, 500, 1000);
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES_DLQ)) {
            publish(text(chat, "never gets through"));
            var dead = dlq.await(r -> r.key().equals(String.valueOf(chat)), 1, Duration.ofSeconds(30));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("500"));
        }
        assertTrue(TELEGRAM.calls(c -> c.chatId() == chat && c.status() == 500).size() >= 2, "retried before giving up");
    }

    @Test
    void textsOverTelegramsLimitAreSplitInOrder() throws Exception {
        long chat = CHATS.incrementAndGet();
        StringBuilder long_ = new StringBuilder();
        for (int i = 0; long_.length() < 9000; i++) {
            long_.append("line ").append(i).append(" of a long list of trips\n");
        }
        String text = long_.toString().trim();
        publish(text(chat, text));
        List<Call> parts = sends(chat, 3);
        assertEquals(3, parts.size());
        parts.forEach(part -> assertTrue(part.text().length() <= 4096));
        assertEquals(text, String.join("\n", parts.stream().map(Call::text).toList()));
    }

    @Test
    void repliesToOneChatLeaveInOrderAtMostOnePerSecond() throws Exception {
        long chat = CHATS.incrementAndGet();
        for (int i = 1; i <= 4; i++) {
            publish(text(chat, "message " + i));
        }
        List<Call> delivered = sends(chat, 4);
        assertEquals(List.of("message 1", "message 2", "message 3", "message 4"),
                delivered.stream().map(Call::text).toList());
        for (int i = 1; i < delivered.size(); i++) {
            long gap = Duration.between(delivered.get(i - 1).at(), delivered.get(i).at()).toMillis();
            assertTrue(gap >= 950, "per-chat spacing was " + gap + " ms");
        }
    }

    @Test
    void aBurstToManyChatsIsQueuedWithinTheBotLimitAndNothingIsLost() throws Exception {
        long first = CHATS.addAndGet(100) - 99;
        TELEGRAM.enforceTelegramLimits(true);
        try {
            for (long chat = first; chat < first + 75; chat++) {
                publish(text(chat, "burst"));
            }
            List<Call> delivered = TELEGRAM.awaitCalls(c -> c.chatId() >= first && c.chatId() < first + 75
                    && c.delivered(), 75, Duration.ofSeconds(30));
            assertEquals(75, delivered.size());
            assertTrue(TELEGRAM.calls(c -> c.chatId() >= first && c.chatId() < first + 75 && c.status() == 429)
                    .isEmpty(), "the stub, enforcing 30 messages/s per bot, never had to refuse one");
        } finally {
            TELEGRAM.enforceTelegramLimits(false);
        }
    }

    /**
     * Under a backlog the bot's send slots go round the chats: 60 chats with 3 replies each, at 30 messages/s for the
     * bot and 1/s per chat, all get their first message before any gets its third. Offered in a fixed order, the
     * same 30 chats took every slot (each is free again a second later) and the others waited for the end.
     */
    @Test
    void underABacklogEveryChatGetsItsTurn() throws Exception {
        int chats = 60;
        long first = CHATS.addAndGet(100) - 99;
        TELEGRAM.enforceTelegramLimits(true);
        try {
            for (int round = 1; round <= 3; round++) {
                for (long chat = first; chat < first + chats; chat++) {
                    publish(text(chat, "turn " + round));
                }
            }
            List<Call> delivered = TELEGRAM.awaitCalls(c -> c.chatId() >= first && c.chatId() < first + chats
                    && c.delivered(), chats * 3, Duration.ofSeconds(40));
            assertEquals(chats * 3, delivered.size());
            Instant lastFirst = delivered.stream().filter(c -> c.text().equals("turn 1")).map(Call::at)
                    .max(Instant::compareTo).orElseThrow();
            List<Long> thirdTooSoon = delivered.stream()
                    .filter(c -> c.text().equals("turn 3") && c.at().isBefore(lastFirst)).map(Call::chatId).toList();
            assertTrue(thirdTooSoon.isEmpty(), "chats that got their third message before every chat had its first: "
                    + thirdTooSoon);
        } finally {
            TELEGRAM.enforceTelegramLimits(false);
        }
    }

    @Test
    void aBotApiCallThatGetsNoAnswerIsGivenUpAfterTheRequestTimeoutAndSentAgain() throws Exception {
        long chat = CHATS.incrementAndGet();
        // held on its way for 7 s, longer than the tests' request timeout (4 s): the gateway must not wait for it
        TELEGRAM.delayNextSendOnTheWay(chat, Duration.ofSeconds(7));
        publish(text(chat, "despite a stalled call"));
        List<Call> arrived = sends(chat, 2);
        assertEquals(2, arrived.size(), "the stalled call and the one sent again after the timeout");
        arrived.forEach(call -> assertEquals("despite a stalled call", call.text()));
    }

    @Test
    void botApiCallsDoNotStartAThreadEach() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long first = CHATS.addAndGet(100) - 99;
        int chats = 60;
        long startedBefore = threads.getTotalStartedThreadCount();
        for (long chat = first; chat < first + chats; chat++) {
            publish(text(chat, "one of many"));
        }
        assertEquals(chats, TELEGRAM.awaitCalls(c -> c.chatId() >= first && c.chatId() < first + chats
                && c.delivered(), chats, Duration.ofSeconds(30)).size());
        long started = threads.getTotalStartedThreadCount() - startedBefore;
        assertTrue(started < chats / 2, "threads started while " + chats + " replies were sent: " + started);
    }

    @Test
    void aUserWhoBlockedTheBotIsRecordedAndNotRetried() throws Exception {
        long chat = CHATS.incrementAndGet();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO gateway.telegram_user (id, first_name) VALUES (" + chat + ", 'B')");
        }
        TELEGRAM.blockChat(chat);
        publish(text(chat, "you will not see this"));
        TELEGRAM.awaitCalls(c -> c.chatId() == chat && c.status() == 403, 1, Duration.ofSeconds(10));
        long deadline = System.currentTimeMillis() + 10_000;
        String blocked = "";
        while (!blocked.contains("taxi") && System.currentTimeMillis() < deadline) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                 ResultSet row = s.executeQuery("SELECT blocked_bots::text FROM gateway.telegram_user WHERE id = " + chat)) {
                row.next();
                blocked = row.getString(1);
            }
            Thread.sleep(100);
        }
        assertEquals("{taxi}", blocked);
        Thread.sleep(2000);
        assertEquals(1, TELEGRAM.calls(c -> c.chatId() == chat).size(), "403 is not retried");
    }

    @Test
    void unreadableRepliesGoToTheDeadLetterTopicWithTheReason() {
        long chat = CHATS.incrementAndGet();
        try (TopicProbe dlq = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES_DLQ)) {
            publishRaw(String.valueOf(chat), EventTypes.REPLY_REQUESTED, "{\"bot\": \"taxi\", \"chatId\": \"x\"}");
            KafkaTestBroker.send(new ProducerRecord<>(Topics.BOT_REPLIES, String.valueOf(chat), "no headers at all"));
            var dead = dlq.await(r -> r.key().equals(String.valueOf(chat)), 2, Duration.ofSeconds(20));
            assertTrue(TopicProbe.header(dead.get(0), "dead-letter-reason").contains("BotReply"));
            assertTrue(TopicProbe.header(dead.get(1), "dead-letter-reason").contains("ce_id"));
        }
    }

    /**
     * Landlords' titles, drivers' names, passengers' texts reach replies as they were typed. Telegram reads
     * markup only when asked to (parse_mode), so the gateway never asks: hostile HTML and entities arrive
     * as the very characters written, in the text, the caption and the buttons.
     */
    @Test
    void hostileTextIsSentVerbatimAndNeverWithAParseMode() throws Exception {
        long chat = CHATS.incrementAndGet();
        String hostile = "<script>alert(1)</script> <b>Ерлан</b> & \"Co\" &amp; &lt;i&gt; <a href=\"tg://user?id=1\">x</a>";
        publish(new BotReply("taxi", chat, "Квартира: " + hostile,
                List.of(List.of(new BotReply.Button(hostile, "listing:1"))), null, null, null, null, null));
        publish(new BotReply("taxi", chat, hostile, null, null, null, null, null, null, "https://example.org/photo.jpg"));
        Call text = sends(chat, 1).get(0);
        assertEquals("Квартира: " + hostile, text.text());
        assertEquals(hostile, text.params().at("/reply_markup/inline_keyboard/0/0/text").asText());
        Call photo = TELEGRAM.awaitCalls(c -> c.method().equals("sendPhoto") && c.chatId() == chat && c.delivered(), 1,
                Duration.ofSeconds(20)).get(0);
        assertEquals(hostile, photo.params().path("caption").asText());
        for (Call call : List.of(text, photo)) {
            assertTrue(!call.params().has("parse_mode") && !call.params().has("entities")
                    && !call.params().has("caption_entities"), call.params().toString());
        }
    }

    @Test
    void repliesOfALocalModeBotDoNotCallTheBotApi() throws Exception {
        long chat = CHATS.incrementAndGet();
        publish(new BotReply("apartments", chat, "local only", null, null, null, null, null, null));
        Thread.sleep(1500);
        assertTrue(TELEGRAM.calls(c -> c.chatId() == chat).isEmpty());
    }
}
