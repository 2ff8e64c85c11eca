package kz.tapbot.gateway.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.GatewayConfig;

/**
 * Calls Bot API methods (POST {apiUrl}/bot{token}/{method} with a JSON body) and unwraps the
 * {"ok":...} answer. The token never appears in an exception message or a log line.
 */
@ApplicationScoped
public class BotApiClient {

    private final ObjectMapper json;
    private final HttpClient http;
    private final String apiUrl;
    private final Duration requestTimeout;

    public BotApiClient(ObjectMapper json, GatewayConfig config) {
        this.json = json;
        this.apiUrl = config.telegram().apiUrl().replaceAll("/+$", "");
        this.requestTimeout = config.telegram().requestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).version(HttpClient.Version.HTTP_1_1).build();
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
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new BotApiException(0, method + " failed: " + cause.getClass().getSimpleName(), null);
                    }
                    return unwrap(method, response);
                });
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
