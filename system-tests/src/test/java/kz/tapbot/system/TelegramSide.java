package kz.tapbot.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.testing.TelegramBotApiStub;
import kz.tapbot.testing.TelegramBotApiStub.Call;

/**
 * Telegram's side of a webhook bot, for the fault tests: posts each update until the gateway answers 200, pausing
 * after a 5xx or a refused connection as Telegram does; and each chat's messages as the Bot API stub received them
 * (texts, and the answers to its button presses, told apart by their callback ids), indexed per chat as they arrive.
 */
final class TelegramSide {

    private static final Set<String> SENDING = Set.of("sendMessage", "sendPhoto", "editMessageText");
    private static final AtomicLong UPDATE_IDS = new AtomicLong(System.currentTimeMillis() * 10);

    private final TelegramBotApiStub stub;
    private final String webhookUrl;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Long, List<Call>> byChat = new ConcurrentHashMap<>();
    private final AtomicInteger indexed = new AtomicInteger();
    /** Answers other than 200 the gateway gave, by status (0: no answer). */
    final Map<Integer, AtomicInteger> refusals = new ConcurrentHashMap<>();

    TelegramSide(TelegramBotApiStub stub, String webhookUrl, String secret) {
        this.stub = stub;
        this.webhookUrl = webhookUrl;
        this.secret = secret;
        Thread indexer = new Thread(this::indexForever, "telegram-side-indexer");
        indexer.setDaemon(true);
        indexer.start();
    }

    static String message(long chat, String name, String text) {
        return """
                {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "%s",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), text, chat, name, chat);
    }

    /** A button press whose callback id names the chat, so the bot's answer to it can be told apart. */
    static String press(long chat, String name, String data) {
        long id = UPDATE_IDS.incrementAndGet();
        return """
                {"update_id": %d, "callback_query": {"id": "cb%d-%d", "data": "%s", "chat_instance": "1",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "message": {"message_id": 5, "date": 1764064800, "chat": {"id": %d, "type": "private"}}}}
                """.formatted(id, chat, id, data, chat, name, chat);
    }

    /** One attempt: the gateway's HTTP status, 0 when it did not answer. */
    int post(String update) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(webhookUrl)).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", secret)
                            .POST(HttpRequest.BodyPublishers.ofString(update)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts the same update again until the gateway answers 200, as Telegram does. */
    void deliver(String update) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        long pause = 250;
        while (true) {
            int status = post(update);
            if (status == 200) {
                return;
            }
            refusals.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the gateway did not take an update within 3 minutes; last status " + status);
            }
            FaultSystem.pause(pause);
            pause = Math.min(pause * 2, 2_000);
        }
    }

    int refused(int status) {
        AtomicInteger count = refusals.get(status);
        return count == null ? 0 : count.get();
    }

    /** Everything the bot sent to a chat or answered to its presses, in the order the stub received it. */
    List<Call> calls(long chat) {
        List<Call> calls = byChat.get(chat);
        if (calls == null) {
            return List.of();
        }
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** The chat's messages (not the answers to presses). */
    List<Call> messages(long chat) {
        return calls(chat).stream().filter(c -> SENDING.contains(c.method())).toList();
    }

    /** Waits for the chat's {@code n}-th message (1-based) and returns it. */
    Call awaitMessage(long chat, int n, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Call> messages = messages(chat);
            if (messages.size() >= n) {
                return messages.get(n - 1);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("chat " + chat + " got " + messages.size() + " messages within " + timeout
                        + ", expected " + n + ": " + texts(calls(chat)));
            }
            FaultSystem.pause(50);
        }
    }

    /** What the calls said, first lines only and phone numbers masked (they end up in the test report). */
    static List<String> texts(List<Call> calls) {
        List<String> texts = new ArrayList<>();
        for (Call call : calls) {
            String line = call.text() == null ? "" : ": " + call.text().lines().findFirst().orElse("");
            texts.add(call.method() + line.replaceAll("\\+?\\d[\\d ()-]{8,}\\d", "<phone>"));
        }
        return texts;
    }

    private void indexForever() {
        while (true) {
            List<Call> all = stub.calls();
            for (int i = indexed.get(); i < all.size(); i++) {
                Call call = all.get(i);
                long chat = chatOf(call);
                if (chat != 0) {
                    List<Call> calls = byChat.computeIfAbsent(chat, c -> new ArrayList<>());
                    synchronized (calls) {
                        calls.add(call);
                    }
                }
            }
            indexed.set(all.size());
            FaultSystem.pause(30);
        }
    }

    private static long chatOf(Call call) {
        if ("answerCallbackQuery".equals(call.method())) {
            String id = call.params().path("callback_query_id").asText("");
            int dash = id.indexOf('-');
            return id.startsWith("cb") && dash > 2 ? Long.parseLong(id.substring(2, dash)) : 0;
        }
        return call.chatId();
    }
}
