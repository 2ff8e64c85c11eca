package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.testing.TelegramBotApiStub.Call;

/**
 * People writing to one bot through its Telegram webhook, with the Bot API stub standing in for
 * Telegram: each update is posted as Telegram would, and the bot's next message to that chat (a
 * text, a photo or an edit) is read back from the stub.
 */
final class TelegramChats {

    private static final AtomicLong UPDATE_IDS = new AtomicLong(System.currentTimeMillis() * 100);
    private static final Set<String> SENDING = Set.of("sendMessage", "sendPhoto", "editMessageText");

    private final String webhookUrl;
    private final String secret;
    private final Map<Long, String> names;
    private final HttpClient http = HttpClient.newHttpClient();

    TelegramChats(String webhookUrl, String secret, Map<Long, String> names) {
        this.webhookUrl = webhookUrl;
        this.secret = secret;
        this.names = names;
    }

    Call write(long chat, String text) throws Exception {
        return exchange(chat, """
                {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "%s",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), text, chat, names.get(chat), chat));
    }

    Call press(long chat, String data) throws Exception {
        return exchange(chat, """
                {"update_id": %d, "callback_query": {"id": "q%d", "data": "%s", "chat_instance": "1",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "message": {"message_id": 5, "date": 1764064800, "chat": {"id": %d, "type": "private"}}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), UPDATE_IDS.get(), data, chat, names.get(chat), chat));
    }

    Call shareContact(long chat, String phone) throws Exception {
        return exchange(chat, """
                {"update_id": %d, "message": {"message_id": 2, "date": 1764064800,
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"},
                  "contact": {"phone_number": "%s", "first_name": "%s", "user_id": %d}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), chat, names.get(chat), chat, phone, names.get(chat), chat));
    }

    /** The next message to a chat starting with these words, whatever caused it. */
    Call notified(long chat, String startsWith) {
        return TELEGRAM.awaitCalls(c -> c.chatId() == chat && c.delivered() && c.text() != null
                && c.text().startsWith(startsWith), 1, Duration.ofSeconds(30)).get(0);
    }

    static String words(Call call) {
        return call.params().has("caption") ? call.params().path("caption").asText() : call.text();
    }

    static String callbackData(Call call, String prefix) {
        for (JsonNode row : call.params().path("reply_markup").path("inline_keyboard")) {
            for (JsonNode button : row) {
                if (button.path("callback_data").asText().startsWith(prefix)) {
                    return button.path("callback_data").asText();
                }
            }
        }
        throw new AssertionError("no button " + prefix + "... in " + call.params());
    }

    private Call exchange(long chat, String update) throws Exception {
        int before = sent(chat).size();
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(webhookUrl))
                .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", secret)
                .POST(HttpRequest.BodyPublishers.ofString(update)).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, response.statusCode());
        return TELEGRAM.awaitCalls(c -> c.chatId() == chat && SENDING.contains(c.method()) && c.delivered(),
                before + 1, Duration.ofSeconds(60)).get(before);
    }

    private static List<Call> sent(long chat) {
        return TELEGRAM.calls(c -> c.chatId() == chat && SENDING.contains(c.method()) && c.delivered());
    }
}
