package kz.tapbot.ai.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.SpanKind;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.tapbot.platform.http.LazyHttpClient;
import kz.tapbot.platform.tracing.Tracing;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.jboss.logging.Logger;

/**
 * The one way ai-service talks to OpenAI. Answers are cached in cache:openai:{sha} (sha-256 of the
 * model and the prompt) with a TTL; a 429 is retried after its retry-after and a 5xx or a timeout with
 * growing pauses, a few times; when calls keep failing the circuit opens (SmallRye Fault Tolerance) and
 * callers fall back to the embedded path at once instead of waiting on a sick API. Never logs the key.
 */
@ApplicationScoped
public class OpenAiClient {

    private static final Logger LOG = Logger.getLogger(OpenAiClient.class);

    private final OpenAiSettings settings;
    private final ObjectMapper json;
    private final ValueCommands<String, String> cache;
    private final LazyHttpClient http = new LazyHttpClient(
            () -> HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build());

    @Inject
    MeterRegistry metrics;
    private final Tracing tracing;

    OpenAiClient(OpenAiSettings settings, ObjectMapper json, RedisDataSource redis, Tracing tracing) {
        this.tracing = tracing;
        this.settings = settings;
        this.json = json;
        this.cache = redis.value(String.class);
    }

    /** The model's answer to a system prompt and a user message. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000, successThreshold = 1)
    public String chat(String system, String user) {
        return complete(system, user, null, settings.timeout(), settings.retries(), content -> true);
    }

    /**
     * The model's structured answer (JSON following {@code schema}, OpenAI structured output), within
     * the parse timeout: it sits in the path of every message.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000, successThreshold = 1)
    public JsonNode extract(String system, String user, JsonNode schema) {
        // no retries here: a message waits for the embedded parser rather than for a busy API
        String content = complete(system, user, schema, settings.parseTimeout(), 0, this::isJson);
        try {
            return json.readTree(content);
        } catch (IOException e) {
            throw new OpenAiUnavailableException("the model's answer is not JSON");
        }
    }

    /** Embeddings of the texts, in order, from the configured embedding model. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000, successThreshold = 1)
    public java.util.List<float[]> embed(String model, java.util.List<String> texts) {
        ObjectNode body = json.createObjectNode().put("model", model);
        var input = body.putArray("input");
        texts.forEach(input::add);
        JsonNode answer = measured("embedding", () -> call("/embeddings", body, settings.timeout(), settings.retries()));
        float[][] vectors = new float[texts.size()][];
        for (JsonNode item : answer.path("data")) {
            JsonNode values = item.path("embedding");
            float[] vector = new float[values.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = (float) values.get(i).asDouble();
            }
            vectors[item.path("index").asInt()] = vector;
        }
        for (float[] vector : vectors) {
            if (vector == null) {
                throw new OpenAiUnavailableException("fewer embeddings than texts");
            }
        }
        return java.util.Arrays.asList(vectors);
    }

    private boolean isJson(String content) {
        try {
            return json.readTree(content).isObject();
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the model; an answer that passes {@code cacheable} is cached. */
    private String complete(String system, String user, JsonNode schema, java.time.Duration timeout, int retries,
                            java.util.function.Predicate<String> cacheable) {
        String model = settings.chatModel();
        String key = "cache:openai:" + sha256(model + "\n" + system + "\n" + user + "\n" + (schema == null ? "" : schema));
        String cached = cachedAnswer(key);
        metrics.counter("tapbot.openai.cache.requests", "result", cached != null ? "hit" : "miss").increment();
        if (cached != null) {
            return cached;
        }
        ObjectNode body = json.createObjectNode().put("model", model).put("temperature", 0.0);
        var messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        if (schema != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "understanding").put("strict", true).set("schema", schema);
        }
        JsonNode answer = measured(schema == null ? "chat" : "extraction",
                () -> call("/chat/completions", body, timeout, retries));
        String content = answer.at("/choices/0/message/content").asText(null);
        if (content == null || content.isBlank()) {
            throw new OpenAiUnavailableException("an empty completion");
        }
        if (cacheable.test(content)) {
            try {
                cache.setex(key, settings.cacheTtl().toSeconds(), content);
            } catch (RuntimeException e) {
                LOG.warnf("OpenAI answer not cached: %s", e.getMessage());
            }
        }
        return content;
    }

    /** The OpenAI series exist from the start (at 0 while OpenAI is off), so that rates and alerts see their first call. */
    void registerMeters(@Observes StartupEvent started) {
        for (String operation : List.of("chat", "extraction", "embedding")) {
            metrics.timer("tapbot.openai.request", "operation", operation);
            metrics.counter("tapbot.openai.tokens", "operation", operation, "kind", "prompt");
            metrics.counter("tapbot.openai.tokens", "operation", operation, "kind", "completion");
        }
        metrics.counter("tapbot.openai.cache.requests", "result", "hit");
        metrics.counter("tapbot.openai.cache.requests", "result", "miss");
    }

    /**
     * tapbot_openai_request_seconds{operation} (the call with its retries, answered or failed) and
     * tapbot_openai_tokens_total{operation,kind} from the answer's usage.
     */
    private JsonNode measured(String operation, java.util.function.Supplier<JsonNode> call) {
        Timer.Sample sample = Timer.start(metrics);
        try {
            JsonNode answer = call.get();
            JsonNode usage = answer.path("usage");
            metrics.counter("tapbot.openai.tokens", "operation", operation, "kind", "prompt")
                    .increment(usage.path("prompt_tokens").asLong(0));
            metrics.counter("tapbot.openai.tokens", "operation", operation, "kind", "completion")
                    .increment(usage.path("completion_tokens").asLong(0));
            return answer;
        } finally {
            sample.stop(metrics.timer("tapbot.openai.request", "operation", operation));
        }
    }

    private String cachedAnswer(String key) {
        try {
            return cache.get(key);
        } catch (RuntimeException e) {
            LOG.warnf("OpenAI cache unavailable: %s", e.getMessage());
            return null;
        }
    }

    /** One API call (with its retries) as a span of the current trace; the key is never an attribute. */
    private JsonNode call(String path, JsonNode body, java.time.Duration timeout, int retries) {
        return tracing.inSpanUnchecked("openai " + path, SpanKind.CLIENT,
                Map.of("gen_ai.system", "openai", "url.path", path), () -> send(path, body, timeout, retries));
    }

    private JsonNode send(String path, JsonNode body, java.time.Duration timeout, int retries) {
        String key = settings.apiKey().orElseThrow(() -> new OpenAiUnavailableException("no OPENAI_API_KEY"));
        long pause = 500;
        for (int attempt = 0; ; attempt++) {
            try {
                HttpResponse<String> response = http.get().send(HttpRequest.newBuilder(URI.create(settings.url() + path))
                        .timeout(timeout).header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return json.readTree(response.body());
                }
                boolean retriable = status == 429 || status >= 500;
                if (!retriable || attempt >= retries) {
                    throw new OpenAiUnavailableException("OpenAI answered " + status);
                }
                long wait = status == 429 ? retryAfterMillis(response).orElse(pause) : pause;
                LOG.warnf("OpenAI answered %d, retrying in %d ms", status, wait);
                sleep(wait);
            } catch (HttpTimeoutException e) {
                if (attempt >= retries) {
                    throw new OpenAiUnavailableException("OpenAI timed out");
                }
                sleep(pause);
            } catch (IOException e) {
                if (attempt >= retries) {
                    throw new OpenAiUnavailableException("OpenAI unreachable: " + e.getClass().getSimpleName());
                }
                sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenAiUnavailableException("interrupted");
            }
            pause = Math.min(pause * 2, 5_000);
        }
    }

    private static Optional<Long> retryAfterMillis(HttpResponse<String> response) {
        return response.headers().firstValue("retry-after").map(v -> {
            try {
                return Math.min((long) (Double.parseDouble(v) * 1000), 30_000L);
            } catch (NumberFormatException e) {
                return 1_000L;
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiUnavailableException("interrupted");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
