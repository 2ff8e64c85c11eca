package kz.tapbot.gateway.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.platform.tracing.Tracing;

/**
 * Calls Bot API methods (POST {apiUrl}/bot{token}/{method} with a JSON body) and unwraps the
 * {"ok":...} answer. The token never appears in an exception message or a log line.
 *
 * <p>Calls go through Vert.x's HTTP client: the request is written and the answer read on an event loop, where the
 * caller's continuation also runs, with keep-alive connections to the Bot API. The JDK's client hands every answer of
 * {@code sendAsync} to CompletableFuture's default executor, which starts a new thread per task on a machine (or a
 * pod) with fewer than 3 CPUs: one thread per Telegram call. A continuation must therefore not block.
 */
@ApplicationScoped
public class BotApiClient {

    /** Connections kept to the Bot API; a call beyond them waits for one (counted in its timeout). */
    static final int MAX_CONNECTIONS = 64;

    private final ObjectMapper json;
    private final HttpClient http;
    private final String apiUrl;
    private final Duration requestTimeout;
    private final MeterRegistry metrics;
    private final Tracing tracing;

    public BotApiClient(ObjectMapper json, GatewayConfig config, Tracing tracing, Vertx vertx, MeterRegistry metrics) {
        this.json = json;
        this.tracing = tracing;
        this.metrics = metrics;
        this.apiUrl = config.telegram().apiUrl().replaceAll("/+$", "");
        this.requestTimeout = config.telegram().requestTimeout();
        // TLS (the JVM's trust store, the host name verified and sent as SNI) is set up on the first https connection
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(MAX_CONNECTIONS)
                .setConnectTimeout(Math.toIntExact(requestTimeout.toMillis()))
                .setVerifyHost(true)
                .setForceSni(true));
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
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(apiUrl + "/bot" + token + "/" + method)
                // waiting for a pooled connection, then for the answer's bytes: each at most the timeout
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        Buffer body = Buffer.buffer(params.toString());
        long started = System.nanoTime();
        // a span per Bot API call (no URL attribute: it holds the token)
        return tracing.inSpanAsync("telegram " + method, SpanKind.CLIENT,
                Map.of("rpc.system", "telegram-bot-api", "rpc.method", method, "tapbot.bot", bot.name()),
                () -> send(request, body).toCompletionStage().toCompletableFuture().handle((answer, error) -> {
                    observe(bot, method, started, answer);
                    if (error != null) {
                        throw new BotApiException(0, method + " failed: " + error.getClass().getSimpleName(), null);
                    }
                    return unwrap(method, answer);
                }));
    }

    private Future<Answer> send(RequestOptions options, Buffer body) {
        return http.request(options)
                .compose(request -> request.send(body))
                .compose(response -> response.body().map(bytes -> new Answer(response.statusCode(), bytes)));
    }

    /** tapbot_telegram_send_seconds{bot,method} for every call, tapbot_telegram_responses_total{bot,method,status} per answer. */
    private void observe(Bot bot, String method, long started, Answer answer) {
        Timer.builder("tapbot.telegram.send").description("Bot API calls, until the answer or the failure")
                .tags("bot", bot.name(), "method", method).register(metrics)
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (answer != null) {
            metrics.counter("tapbot.telegram.responses", "bot", bot.name(), "method", method,
                    "status", String.valueOf(answer.status())).increment();
        }
    }

    private JsonNode unwrap(String method, Answer answer) {
        JsonNode body;
        try {
            body = json.readTree(answer.body().getBytes());
        } catch (Exception e) {
            throw new BotApiException(answer.status() >= 500 ? answer.status() : 502,
                    method + " answered " + answer.status() + " without JSON", null);
        }
        if (body.path("ok").asBoolean(false)) {
            return body.path("result");
        }
        int code = body.path("error_code").asInt(answer.status());
        JsonNode retryAfter = body.path("parameters").path("retry_after");
        throw new BotApiException(code, method + ": " + body.path("description").asText(""),
                retryAfter.isNumber() ? Duration.ofSeconds(retryAfter.asLong()) : null);
    }

    void close(@Observes ShutdownEvent shutdown) {
        http.close();
    }

    private record Answer(int status, Buffer body) {
    }
}
