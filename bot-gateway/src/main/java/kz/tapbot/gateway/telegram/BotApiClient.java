package kz.tapbot.gateway.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.SpanKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.platform.http.LazyHttpClient;
import kz.tapbot.platform.tracing.Tracing;

/**
 * Calls Bot API methods (POST {apiUrl}/bot{token}/{method} with a JSON body) and unwraps the
 * {"ok":...} answer. The token never appears in an exception message or a log line.
 */
@ApplicationScoped
public class BotApiClient {

    private final ObjectMapper json;
    private final LazyHttpClient http;
    private final String apiUrl;
    private final Duration requestTimeout;

    @Inject
    MeterRegistry metrics;
    private final Tracing tracing;

    public BotApiClient(ObjectMapper json, GatewayConfig config, Tracing tracing) {
        this.json = json;
        this.tracing = tracing;
        this.apiUrl = config.telegram().apiUrl().replaceAll("/+$", "");
        this.requestTimeout = config.telegram().requestTimeout();
        this.http = new LazyHttpClient(() -> HttpClient.newBuilder().connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1).build());
    }

    public ObjectNode params() {
        return json.createObjectNode();
    }

    /** Completes with the "result" of the call, or exceptionally with a {@link BotApiException}. */
    public CompletableFuture<JsonNode> call(Bot bot, String method, JsonNode params) {
        return call(bot, method, params, requestTimeout);
    }

    public CompletableFuture<JsonNode> call(Bot bot, String method, JsonNode params, Duration timeout) {
        String token = bot.token().orElseThrow(() -> new IllegalStateException(bot.name() + " has no token"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/bot" + token + "/" + method))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(params.toString()))
                .build();
        long started = System.nanoTime();
        // a span per Bot API call (no URL attribute: it holds the token)
        return tracing.inSpanAsync("telegram " + method, SpanKind.CLIENT,
                Map.of("rpc.system", "telegram-bot-api", "rpc.method", method, "tapbot.bot", bot.name()),
                () -> http.get().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    observe(bot, method, started, response);
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new BotApiException(0, method + " failed: " + cause.getClass().getSimpleName(), null);
                    }
                    return unwrap(method, response);
                }));
    }

    /** tapbot_telegram_send_seconds{bot,method} for every call, tapbot_telegram_responses_total{bot,method,status} per answer. */
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
}
