package kz.tapbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for the Telegram Bot API that answers like Telegram: {@code {"ok":true,
 * "result":...}} on success, and {@code {"ok":false,"error_code":...,"description":...}} with the
 * same HTTP status on failure, including 429 with {@code parameters.retry_after} and 403 for a
 * chat whose user blocked the bot. It can enforce Telegram's send limits (1 message/s per chat,
 * 30 messages/s per bot), add latency, and serve getUpdates for polling bots.
 */
public final class TelegramBotApiStub implements AutoCloseable {

    /** One request the stub received, with the HTTP status it answered. */
    public record Call(String token, String method, JsonNode params, int status, Instant at) {
        public long chatId() {
            return params.path("chat_id").asLong();
        }

        public String text() {
            return params.path("text").asText(null);
        }

        public boolean delivered() {
            return status == 200;
        }
    }

    private static final Pattern PATH = Pattern.compile("^/bot([^/]+)/([A-Za-z]+)$");
    private static final Set<String> SENDING_METHODS = Set.of("sendMessage", "editMessageText", "sendPhoto");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<int[]>> scriptedFailures = new ConcurrentHashMap<>();
    private final Set<Long> blockedChats = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> lastSendPerChat = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> recentSendsPerBot = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> pendingUpdates = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong(1000);
    private volatile boolean enforceLimits;
    private volatile Duration latency = Duration.ZERO;
    private final Map<Long, Duration> delayedOnTheWay = new ConcurrentHashMap<>();
    private final List<Consumer<Call>> listeners = new CopyOnWriteArrayList<>();

    private TelegramBotApiStub(HttpServer server) {
        this.server = server;
    }

    public static TelegramBotApiStub start() {
        try {
            HttpServer server = LocalHttpServers.create(0, 256);
            TelegramBotApiStub stub = new TelegramBotApiStub(server);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next {@code times} calls of {@code method} for this chat get 429 with this retry_after. */
    public void failNextWithTooManyRequests(String method, long chatId, int retryAfterSeconds, int times) {
        for (int i = 0; i < times; i++) {
            queueFailure(method, chatId, 429, retryAfterSeconds);
        }
    }

    /** The next {@code times} calls of {@code method} for this chat get this 5xx status. */
    public void failNextWithServerError(String method, long chatId, int status, int times) {
        for (int i = 0; i < times; i++) {
            queueFailure(method, chatId, status, 0);
        }
    }

    public void blockChat(long chatId) {
        blockedChats.add(chatId);
    }

    /** Answer 429 to sends over 1 message/s per chat or 30 messages/s per bot, as Telegram does. */
    public void enforceTelegramLimits(boolean enforce) {
        this.enforceLimits = enforce;
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    /**
     * The next send to this chat arrives {@code delay} late, as a request held up on its way (a busy core, a lost
     * packet): it is counted against the limits only then, while the requests behind it arrive on time.
     */
    public void delayNextSendOnTheWay(long chatId, Duration delay) {
        delayedOnTheWay.put(chatId, delay);
    }

    /** Makes {@code update} available to getUpdates for the bot with this token. */
    public void queueUpdate(String token, String updateJson) {
        try {
            pendingUpdates.computeIfAbsent(token, t -> new CopyOnWriteArrayList<>()).add(json.readTree(updateJson));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Runs {@code listener} on the stub's thread for every call as it is recorded, before it is answered (the
     * benchmarks take the moment a reply reached "Telegram" this way, without polling {@link #calls()}).
     */
    public void onCall(Consumer<Call> listener) {
        listeners.add(listener);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    /** Waits until at least {@code count} calls match, then returns all that match. */
    public List<Call> awaitCalls(Predicate<Call> filter, int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<Call> matching = calls(filter);
            if (matching.size() >= count) {
                return matching;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " matching Bot API calls within " + timeout
                        + ", got " + matching.size() + "; all calls: " + calls);
            }
            sleep(20);
        }
    }

    public void reset() {
        calls.clear();
        scriptedFailures.clear();
        blockedChats.clear();
        lastSendPerChat.clear();
        recentSendsPerBot.clear();
        pendingUpdates.clear();
        delayedOnTheWay.clear();
        enforceLimits = false;
        latency = Duration.ZERO;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void queueFailure(String method, long chatId, int status, int retryAfter) {
        scriptedFailures.computeIfAbsent(method + ":" + chatId, m -> new ArrayDeque<>()).add(new int[] {status, retryAfter});
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!latency.isZero()) {
                sleep(latency.toMillis());
            }
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!m.matches()) {
                respond(exchange, 404, error(404, "Not Found", 0));
                return;
            }
            String token = m.group(1);
            String method = m.group(2);
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode params = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            Duration onTheWay = SENDING_METHODS.contains(method)
                    ? delayedOnTheWay.remove(params.path("chat_id").asLong()) : null;
            if (onTheWay != null) {
                sleep(onTheWay.toMillis());
            }
            ObjectNode answer = answer(token, method, params);
            int status = answer.path("ok").asBoolean() ? 200 : answer.path("error_code").asInt();
            Call call = new Call(token, method, params, status, Instant.now());
            calls.add(call);
            listeners.forEach(listener -> listener.accept(call));
            respond(exchange, status, answer);
        }
    }

    private synchronized ObjectNode answer(String token, String method, JsonNode params) {
        long chatId = params.path("chat_id").asLong();
        Deque<int[]> failures = scriptedFailures.get(method + ":" + chatId);
        int[] failure = failures == null ? null : failures.poll();
        if (failure != null) {
            return failure[0] == 429
                    ? error(429, "Too Many Requests: retry after " + failure[1], failure[1])
                    : error(failure[0], "Internal Server Error", 0);
        }
        if (SENDING_METHODS.contains(method)) {
            if (blockedChats.contains(chatId)) {
                return error(403, "Forbidden: bot was blocked by the user", 0);
            }
            if (enforceLimits) {
                ObjectNode tooMany = checkLimits(token, chatId);
                if (tooMany != null) {
                    return tooMany;
                }
            }
        }
        return switch (method) {
            case "sendMessage", "sendPhoto", "editMessageText" -> ok(message(chatId, params));
            case "getUpdates" -> ok(updates(token, params));
            case "getMe" -> ok(json.createObjectNode().put("id", 1).put("is_bot", true).put("username", "tapbot_stub_bot"));
            default -> ok(json.getNodeFactory().booleanNode(true));
        };
    }

    private ObjectNode checkLimits(String token, long chatId) {
        Instant now = Instant.now();
        Instant last = lastSendPerChat.get(token + ":" + chatId);
        if (last != null && Duration.between(last, now).toMillis() < 1000) {
            return error(429, "Too Many Requests: retry after 1", 1);
        }
        Deque<Instant> recent = recentSendsPerBot.computeIfAbsent(token, t -> new ArrayDeque<>());
        while (!recent.isEmpty() && Duration.between(recent.peekFirst(), now).toMillis() >= 1000) {
            recent.pollFirst();
        }
        if (recent.size() >= 30) {
            return error(429, "Too Many Requests: retry after 1", 1);
        }
        recent.addLast(now);
        lastSendPerChat.put(token + ":" + chatId, now);
        return null;
    }

    private JsonNode message(long chatId, JsonNode params) {
        ObjectNode message = json.createObjectNode();
        message.put("message_id", params.has("message_id") ? params.get("message_id").asLong() : messageIds.incrementAndGet());
        message.put("date", Instant.now().getEpochSecond());
        message.putObject("chat").put("id", chatId).put("type", "private");
        if (params.has("text")) {
            message.put("text", params.get("text").asText());
        }
        return message;
    }

    private JsonNode updates(String token, JsonNode params) {
        long offset = params.path("offset").asLong(0);
        long timeoutSeconds = Math.min(params.path("timeout").asLong(0), 1);
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        ArrayNode result = json.createArrayNode();
        do {
            for (JsonNode update : pendingUpdates.getOrDefault(token, List.of())) {
                if (update.path("update_id").asLong() >= offset) {
                    result.add(update);
                }
            }
            if (!result.isEmpty()) {
                break;
            }
            sleep(50);
        } while (Instant.now().isBefore(deadline));
        return result;
    }

    private ObjectNode ok(JsonNode result) {
        ObjectNode node = json.createObjectNode();
        node.put("ok", true);
        node.set("result", result);
        return node;
    }

    private ObjectNode error(int code, String description, int retryAfter) {
        ObjectNode node = json.createObjectNode();
        node.put("ok", false);
        node.put("error_code", code);
        node.put("description", description);
        if (retryAfter > 0) {
            node.putObject("parameters").put("retry_after", retryAfter);
        }
        return node;
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** All calls so far, grouped per chat, in arrival order (for order assertions). */
    public List<String> deliveredTexts(long chatId) {
        List<String> texts = new ArrayList<>();
        for (Call call : calls) {
            if (call.delivered() && call.chatId() == chatId && "sendMessage".equals(call.method())) {
                texts.add(call.text());
            }
        }
        return texts;
    }
}
