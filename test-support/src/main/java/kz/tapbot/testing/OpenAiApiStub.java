package kz.tapbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A local stand-in for the OpenAI HTTP API, speaking its shapes: POST /v1/chat/completions answers a
 * chat completion whose content is {@code "Stub: " + the last user message} unless a reply is
 * scripted, POST /v1/embeddings answers unit vectors; it checks the bearer key, and can be scripted to
 * answer 429 with retry-after, 5xx, or slowly. Every request is recorded.
 */
public final class OpenAiApiStub implements AutoCloseable {

    /** One request the stub received and the status it answered. */
    public record Call(String path, JsonNode body, int status, Instant at) {

        /** The content of the last user message of a chat completion request. */
        public String lastUserMessage() {
            JsonNode messages = body.path("messages");
            for (int i = messages.size() - 1; i >= 0; i--) {
                if ("user".equals(messages.get(i).path("role").asText())) {
                    return messages.get(i).path("content").asText();
                }
            }
            return "";
        }

        /** Every message of a chat completion request, joined. */
        public String prompt() {
            StringBuilder all = new StringBuilder();
            body.path("messages").forEach(m -> all.append(m.path("content").asText()).append('\n'));
            return all.toString();
        }
    }

    private final HttpServer server;
    private final String key;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<int[]> failures = new ArrayDeque<>();
    private final Deque<String> replies = new ArrayDeque<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean alwaysFailing;
    private volatile String slowMarker;
    private volatile Duration slowLatency = Duration.ZERO;

    private OpenAiApiStub(HttpServer server, String key) {
        this.server = server;
        this.key = key;
    }

    public static OpenAiApiStub start(String key) {
        try {
            HttpServer server = LocalHttpServers.create(0, 64);
            OpenAiApiStub stub = new OpenAiApiStub(server, key);
            server.createContext("/", stub::handle);
            server.setExecutor(Executors.newFixedThreadPool(8));
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base URL, as OPENAI_BASE_URL would be: ends in /v1. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public synchronized void failNextWithTooManyRequests(int retryAfterSeconds, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {429, retryAfterSeconds});
        }
    }

    public synchronized void failNextWithServerError(int status, int times) {
        for (int i = 0; i < times; i++) {
            failures.add(new int[] {status, 0});
        }
    }

    /** Every request fails with 500 until turned off. */
    public void alwaysFail(boolean failing) {
        this.alwaysFailing = failing;
    }

    public synchronized void replyNext(String content) {
        replies.add(content);
    }

    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** Requests whose last user message contains {@code marker} are answered after {@code latency}. */
    public void slowFor(String marker, Duration latency) {
        this.slowMarker = marker;
        this.slowLatency = latency;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> calls(Predicate<Call> filter) {
        return calls.stream().filter(filter).toList();
    }

    public synchronized void reset() {
        calls.clear();
        failures.clear();
        replies.clear();
        latency = Duration.ZERO;
        alwaysFailing = false;
        slowMarker = null;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!latency.isZero()) {
                try {
                    Thread.sleep(latency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode request = body.length == 0 ? json.createObjectNode() : json.readTree(body);
            String path = exchange.getRequestURI().getPath();
            String marker = slowMarker;
            if (marker != null && new Call(path, request, 0, Instant.now()).lastUserMessage().contains(marker)) {
                try {
                    Thread.sleep(slowLatency.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int[] failure;
            String scripted;
            synchronized (this) {
                failure = alwaysFailing ? new int[] {500, 0} : failures.poll();
                scripted = failure == null && path.endsWith("/chat/completions") ? replies.poll() : null;
            }
            if (!("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, path, request, 401, error("invalid_api_key", "Incorrect API key provided"), 0);
            } else if (failure != null) {
                respond(exchange, path, request, failure[0], error(failure[0] == 429 ? "rate_limit_exceeded" : "server_error",
                        failure[0] == 429 ? "Rate limit reached" : "The server had an error"), failure[1]);
            } else if (path.endsWith("/chat/completions")) {
                ObjectNode answer = json.createObjectNode().put("id", "chatcmpl-stub").put("object", "chat.completion")
                        .put("model", request.path("model").asText());
                ObjectNode choice = answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                String content = scripted != null ? scripted : "Stub: " + new Call(path, request, 0, Instant.now()).lastUserMessage();
                choice.putObject("message").put("role", "assistant").put("content", content);
                answer.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 10).put("total_tokens", 20);
                respond(exchange, path, request, 200, answer, 0);
            } else if (path.endsWith("/embeddings")) {
                ObjectNode answer = json.createObjectNode().put("object", "list").put("model", request.path("model").asText());
                int dims = request.path("dimensions").asInt(1536);
                var data = answer.putArray("data");
                JsonNode inputs = request.path("input");
                int count = inputs.isArray() ? inputs.size() : 1;
                for (int i = 0; i < count; i++) {
                    var vector = data.addObject().put("object", "embedding").put("index", i).putArray("embedding");
                    for (int d = 0; d < dims; d++) {
                        vector.add(d == i % dims ? 1.0 : 0.0);
                    }
                }
                respond(exchange, path, request, 200, answer, 0);
            } else {
                respond(exchange, path, request, 404, error("not_found", "Unknown path " + path), 0);
            }
        }
    }

    private ObjectNode error(String code, String message) {
        ObjectNode error = json.createObjectNode();
        error.putObject("error").put("message", message).put("type", code).put("code", code);
        return error;
    }

    private void respond(HttpExchange exchange, String path, JsonNode request, int status, ObjectNode body,
                         int retryAfter) throws IOException {
        calls.add(new Call(path, request, status, Instant.now()));
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (retryAfter > 0) {
            exchange.getResponseHeaders().add("retry-after", String.valueOf(retryAfter));
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
