package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/** A Telegram update posted to the webhook comes back as a Bot API call, through Kafka and three services. */
class WebhookToReplyTest {

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();

    private int postUpdate(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.webhookGateway.url("/telegram/taxi/webhook")))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", TapBotSystem.TAXI_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void startPostedToTheWebhookIsAnsweredThroughTheBotApi() throws Exception {
        long chat = 600_000_000L + System.currentTimeMillis() % 100_000_000L;
        long updateId = chat;
        assertEquals(200, postUpdate("""
                {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "/start",
                  "from": {"id": %d, "is_bot": false, "first_name": "Asel", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"}}}
                """.formatted(updateId, chat, chat)));

        Call reply = TELEGRAM.awaitCalls(c -> c.method().equals("sendMessage") && c.chatId() == chat, 1,
                Duration.ofSeconds(60)).get(0);
        assertTrue(reply.text().startsWith("Здравствуйте, Asel!"), reply.text());
        assertTrue(reply.token().equals(TapBotSystem.TAXI_TOKEN));
        assertTrue(reply.params().at("/reply_markup/inline_keyboard").toString().contains("\"callback_data\":\"help\""));

        assertEquals(200, postUpdate("""
                {"update_id": %d, "callback_query": {"id": "press-%d", "data": "help", "chat_instance": "1",
                  "from": {"id": %d, "is_bot": false, "first_name": "Asel", "language_code": "ru"},
                  "message": {"message_id": 1001, "date": 1764064800, "chat": {"id": %d, "type": "private"}}}}
                """.formatted(updateId + 1, chat, chat, chat)));
        List<Call> answered = TELEGRAM.awaitCalls(c -> c.method().equals("answerCallbackQuery")
                && c.params().path("callback_query_id").asText().equals("press-" + chat), 1, Duration.ofSeconds(60));
        assertEquals(1, answered.size());
        List<Call> texts = TELEGRAM.awaitCalls(c -> c.method().equals("sendMessage") && c.chatId() == chat, 2,
                Duration.ofSeconds(60));
        assertTrue(texts.get(1).text().startsWith("Пассажиру:"), texts.get(1).text());
    }
}
