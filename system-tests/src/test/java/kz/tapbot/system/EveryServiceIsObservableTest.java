package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each packaged service answers health (with real Kafka, PostgreSQL and Redis checks), metrics and OpenAPI. */
class EveryServiceIsObservableTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    static Stream<String> services() {
        return Stream.of("bot-gateway", "ai-service", "taxi-service", "apartment-service", "analytics-service");
    }

    private static ServiceProcess process(String name) {
        TapBotSystem system = TapBotSystem.get();
        return switch (name) {
            case "bot-gateway" -> system.webhookGateway;
            case "ai-service" -> system.ai;
            case "taxi-service" -> system.taxi;
            case "apartment-service" -> system.apartments;
            default -> system.analytics;
        };
    }

    private HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @MethodSource("services")
    void readinessChecksKafkaPostgresAndRedisAndMetricsAndOpenApiAreServed(String name) throws Exception {
        ServiceProcess service = process(name);
        HttpResponse<String> ready = get(service, "/q/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        List<String> checks = new ArrayList<>();
        for (JsonNode check : json.readTree(ready.body()).get("checks")) {
            assertEquals("UP", check.get("status").asText(), check.toString());
            checks.add(check.get("name").asText());
        }
        assertTrue(checks.contains("Kafka connection health check"), name + ": " + checks);
        assertTrue(checks.contains("Database connections health check"), name + ": " + checks);
        assertTrue(checks.contains("Redis connection health check"), name + ": " + checks);
        assertEquals(200, get(service, "/q/health/live").statusCode());

        HttpResponse<String> metrics = get(service, "/q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"));

        HttpResponse<String> openapi = get(service, "/q/openapi?format=json");
        assertEquals(200, openapi.statusCode());
        assertTrue(json.readTree(openapi.body()).get("info").get("title").asText().startsWith("TapBot"));
    }
}
