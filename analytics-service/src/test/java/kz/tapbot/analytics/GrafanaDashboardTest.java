package kz.tapbot.analytics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** deploy/k8s/base/monitoring/dashboards/tapbot.json only charts metrics the services really export on /q/metrics. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*)\\s*(?=\\{|\\[)");

    @Test
    void everyPanelQueriesMetricsThatExist() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
                Path.of("..", "deploy", "k8s", "base", "monitoring", "dashboards", "tapbot.json").toFile());
        assertEquals("tapbot-services", dashboard.get("uid").asText());
        given().get("/api/stats/overview").then().statusCode(401);
        String exported = given().get("/q/metrics").then().statusCode(200).extract().asString();
        TreeSet<String> missing = new TreeSet<>();
        List<String> queried = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertTrue(panel.path("targets").size() > 0, panel.path("title").asText());
            for (JsonNode target : panel.get("targets")) {
                Matcher m = METRIC.matcher(target.get("expr").asText().replaceAll("\\b(sum|rate|increase|histogram_quantile|by)\\b", " "));
                while (m.find()) {
                    String metric = m.group(1);
                    queried.add(metric);
                    // counters the booking and bot traffic create appear once the first event is counted
                    boolean fromTraffic = metric.startsWith("bookings_") || metric.startsWith("messages_")
                            || metric.startsWith("reply_latency_");
                    if (!metric.equals("up") && !fromTraffic && !exported.contains(metric)) {
                        missing.add(metric);
                    }
                }
            }
        }
        assertTrue(queried.size() >= 10, "the panels query metrics: " + queried);
        assertTrue(missing.isEmpty(), "not exported by the services: " + missing);
    }
}
