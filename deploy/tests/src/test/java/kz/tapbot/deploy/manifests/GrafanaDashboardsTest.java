package kz.tapbot.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards in deploy/k8s/base/monitoring/dashboards: the overview and one per service, each chart
 * querying only metrics the services export (or the JVM, process and kube-state-metrics families).
 */
class GrafanaDashboardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void thereIsAnOverviewAndOneDashboardPerServiceWithUniqueUids() throws Exception {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            assertThat(uids.add(dashboard.path("uid").asText())).as(file + " uid is unique").isTrue();
            assertThat(dashboard.path("title").asText()).as(file + " title").isNotBlank();
            assertThat(dashboard.at("/templating/list/0/type").asText()).as(file + " picks its data source")
                    .isEqualTo("datasource");
        }
        List<String> expected = new ArrayList<>(List.of("tapbot-overview"));
        ManifestValidationTest.SERVICES.forEach(service -> expected.add("tapbot-" + service));
        assertThat(uids).containsAll(expected);
    }

    @Test
    void everyPanelQueriesOnlyMetricsTheServicesExport() throws Exception {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (Path file : dashboards()) {
            List<JsonNode> panels = new ArrayList<>();
            collectPanels(JSON.readTree(file.toFile()).path("panels"), panels);
            for (JsonNode panel : panels) {
                String where = file.getFileName() + " \"" + panel.path("title").asText() + "\"";
                if (panel.path("targets").isEmpty()) {
                    problems.add(where + " has no query");
                }
                for (JsonNode target : panel.path("targets")) {
                    queries++;
                    Set<String> metrics = ExportedMetrics.metricNames(target.path("expr").asText());
                    if (metrics.isEmpty()) {
                        problems.add(where + " queries no metric: " + target.path("expr").asText());
                    }
                    metrics.stream().filter(metric -> !ExportedMetrics.chartable(metric))
                            .forEach(metric -> problems.add(where + " queries " + metric + ", which nothing exports"));
                }
            }
        }
        assertThat(queries).isGreaterThan(50);
        assertThat(problems).isEmpty();
    }

    /** Every panel with queries, also those inside rows; the row panels themselves only group. */
    private static void collectPanels(JsonNode panels, List<JsonNode> into) {
        for (JsonNode panel : panels) {
            if (panel.path("type").asText().equals("row")) {
                collectPanels(panel.path("panels"), into);
            } else {
                into.add(panel);
            }
        }
    }

    private static List<Path> dashboards() throws Exception {
        try (var files = Files.list(ManifestValidationTest.DASHBOARDS)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertThat(found).isNotEmpty();
            return found;
        }
    }
}
