package kz.tapbot.gateway.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.platform.http.LazyHttpClient;
import kz.tapbot.platform.tracing.Tracing;

/**
 * Calls Bot API methods (POST {apiUrl}/bot{token}/{method} with a JSON body) and unwraps the
 * {"ok":...} answer. The token never appears in an exception message or a log line.
 *
 * <p>Each call is made with the JDK client's blocking {@code send} on a thread of this client's own pool
 * ({@code telegram-call-N}), which the caller's continuation also runs on. Not {@code sendAsync}: it hands every
 * answer to CompletableFuture's default executor, which starts a new thread per task on a machine (or a pod) with
 * fewer than 3 CPUs, one thread per call.
 */
@ApplicationScoped
public class BotApiClient {

    private final ObjectMapper json;
    private final LazyHttpClient http;
    private final String apiUrl;
    private final Duration requestTimeout;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    private final ThreadPoolExecutor callers;

    public BotApiClient(ObjectMapper json, GatewayConfig config, Tracing tracing, MeterRegistry metrics) {
        this.json = json;
        this.tracing = tracing;
        this.metrics = metrics;
        this.apiUrl = config.telegram().apiUrl().replaceAll("/+$", "");
        this.requestTimeout = config.telegram().requestTimeout();
        this.http = new LazyHttpClient(() -> HttpClient.newBuilder().connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1).build());
        AtomicInteger threads = new AtomicInteger();
        // an idle thread takes the next call, a new one is made only when all are busy, one idle for a minute ends:
        // as many threads as calls in flight, which the dispatcher bounds (one per chat, the bots' rates)
        this.callers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> new Thread(task, "telegram-call-" + threads.incrementAndGet()));
    }

    public ObjectNode params() {
        return json.createObjectNode();
    }

    /** Completes with the "result" of the call, or exceptionally with a {@link BotApiException}. */
    public CompletableFuture<JsonNode> call(Bot bot, String method, JsonNode params) {
        return call(bot, method, params, requestTimeout);
    }

    /** As {@link #call(Bot, String, JsonNode)}, failing if no answer comes within {@code timeout}. */
    public CompletableFuture<JsonNode> call(Bot bot, String method, JsonNode params, Duration timeout) {
        String token = bot.token().orElseThrow(() -> new IllegalStateException(bot.name() + " has no token"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token + "/" + method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString()))
                .build();
        // a span per Bot API call (no URL attribute: it holds the token)
        return tracing.inSpanAsync("telegram " + method, SpanKind.CLIENT,
                Map.of("rpc.system", "telegram-bot-api", "rpc.method", method, "tapbot.bot", bot.name()),
                () -> CompletableFuture.supplyAsync(() -> exchange(bot, method, request), callers));
    }

    private JsonNode exchange(Bot bot, String method, HttpRequest request) {
        long started = System.nanoTime();
        HttpResponse<String> response = null;
        try {
            response = http.get().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new BotApiException(0, method + " failed: " + e.getClass().getSimpleName(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BotApiException(0, method + " interrupted", null);
        } finally {
            observe(bot, method, started, response);
        }
        return unwrap(method, response);
    }

    /**
     * tapbot_telegram_send_seconds{bot,method} for every call, tapbot_telegram_responses_total{bot,method,status} per
     * answer.
     */
    private void observe(Bot bot, String method, long started, HttpResponse<String> response) {
        Timer.builder("tapbot.telegram.send").description("Bot API calls, until the answer or the failure")
                .tags("bot", bot.name(), "method", method).register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (response != null) {
            metrics.counter("tapbot.telegram.responses", "bot", bot.name(), "method", method,
                    "status", String.valueOf(response.statusCode())).increment();
        }
    }

    private JsonNode unwrap(String method, HttpResponse<String> response) {
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (Exception e) {
            throw new BotApiException(response.statusCode() >= 500 ? response.statusCode() : 502,
                    method + " answered " + response.statusCode() + " without JSON", null);
        }
        if (body.path("ok").asBoolean(false)) {
            return body.path("result");
        }
        int code = body.path("error_code").asInt(response.statusCode());
        JsonNode retryAfter = body.path("parameters").path("retry_after");
        throw new BotApiException(code, method + ": " + body.path("description").asText(""),
                retryAfter.isNumber() ? Duration.ofSeconds(retryAfter.asLong()) : null);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        callers.shutdownNow();
    }
}
