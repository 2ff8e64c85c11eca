package kz.tapbot.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import kz.tapbot.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders deploy/k8s with {@code kubectl kustomize} (both overlays and the recovery manifest) and checks every
 * resource: its typed model or published schema, probes and limits, no secret in clear; then what the architecture
 * and the seed ask of Kafka, PostgreSQL, Redis, Qdrant, the services and the operator web interfaces.
 */
class ManifestValidationTest {

    static final List<String> SERVICES = List.of("bot-gateway", "ai-service", "taxi-service", "apartment-service",
            "analytics-service");
    static final List<String> SCHEMAS = List.of("gateway", "ai", "taxi", "apartments", "analytics");
    static final List<String> ALERTS = List.of("TapBotConsumerLagGrowing", "TapBotOutboxStuck", "TapBotDeadLetters",
            "TapBotTelegramRateLimited", "TapBotReplyLatencyHigh", "TapBotServiceNotReady");
    static final Path DASHBOARDS = Rendered.K8S.resolve("base/monitoring/dashboards");

    static ManifestRules rules;
    static Rendered local;
    static Rendered production;
    static Rendered recovery;

    @BeforeAll
    static void render() throws Exception {
        assumeTrue(Rendered.kubectlAvailable(), "kubectl is not installed: the manifests cannot be rendered here");
        rules = new ManifestRules();
        local = Rendered.kustomize("overlays/local");
        production = Rendered.kustomize("overlays/production");
        recovery = Rendered.kustomize("recovery");
    }

    static Rendered overlay(String name) {
        return switch (name) {
            case "local" -> local;
            case "production" -> production;
            default -> recovery;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "recovery"})
    void everyResourceMatchesItsTypedModelOrPublishedSchema(String name) {
        Rendered rendered = overlay(name);
        assertThat(rendered.resources).isNotEmpty();
        List<String> violations = new ArrayList<>();
        rendered.resources.forEach(r -> violations.addAll(rules.modelViolations(r)));
        assertThat(violations).as(name).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production", "recovery"})
    void everyWorkloadHasProbesAndLimitsAndNoSecretInClear(String name) {
        Rendered rendered = overlay(name);
        List<String> violations = new ArrayList<>();
        rendered.resources.forEach(r -> {
            violations.addAll(ManifestRules.workloadViolations(r));
            violations.addAll(ManifestRules.secretViolations(r));
        });
        assertThat(violations).as(name).isEmpty();
        assertThat(rendered.ofKind("Secret")).as("Secrets are created by the operator, not shipped").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyServiceIsProbedOnHealthAutoscaledProtectedAndFenced(String name) {
        Rendered rendered = overlay(name);
        for (String service : SERVICES) {
            ObjectNode deployment = rendered.get("Deployment", service);
            JsonNode container = ManifestRules.podSpec(deployment).path("containers").get(0);
            assertThat(container.at("/startupProbe/httpGet/path").asText()).as(service).isEqualTo("/q/health/started");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).as(service).isEqualTo("/q/health/ready");
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).as(service).isEqualTo("/q/health/live");
            assertThat(container.at("/ports/0/containerPort").asInt()).as(service)
                    .isEqualTo(8080 + SERVICES.indexOf(service));
            assertThat(container.path("envFrom").toString()).contains("tapbot-config", service + "-config");

            ObjectNode hpa = rendered.get("HorizontalPodAutoscaler", service);
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(service);
            assertThat(hpa.at("/spec/maxReplicas").asInt()).isGreaterThan(hpa.at("/spec/minReplicas").asInt());

            ObjectNode pdb = rendered.get("PodDisruptionBudget", service);
            assertThat(pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(service);

            Map<String, String> labels = labels(deployment.at("/spec/template/metadata/labels"));
            assertThat(policiesSelecting(rendered, labels, "Ingress")).as(service + " ingress policies").isNotEmpty();
            assertThat(policiesSelecting(rendered, labels, "Egress")).as(service + " egress policies").isNotEmpty();
        }
        // a default deny: a pod no policy allows receives nothing
        JsonNode deny = rendered.get("NetworkPolicy", "default-deny-ingress");
        assertThat(deny.at("/spec/podSelector").size()).isZero();
        assertThat(deny.at("/spec/ingress").isMissingNode()).isTrue();
        // only the webhook path of the gateway is public in production
        if (name.equals("production")) {
            JsonNode webhook = rendered.get("Ingress", "bot-gateway-webhook");
            assertThat(webhook.at("/spec/rules/0/http/paths/0/path").asText()).isEqualTo("/telegram/");
        }
    }

    @Test
    void connectionsOfAllServicesAtTheirMostReplicasStayUnderMaxConnections() {
        int pool = Integer.parseInt(production.get("ConfigMap", "tapbot-config").at("/data/TAPBOT_DB_POOL_SIZE").asText());
        int most = SERVICES.stream()
                .mapToInt(s -> production.get("HorizontalPodAutoscaler", s).at("/spec/maxReplicas").asInt()).sum();
        int maxConnections = Integer.parseInt(
                production.get("Cluster", "tapbot-pg").at("/spec/postgresql/parameters/max_connections").asText());
        // reserve 10 for the superuser, replication, backups, the dump job and pgAdmin
        assertThat(most * pool).isLessThanOrEqualTo(maxConnections - 10);
    }

    @Test
    void kafkaRunsThreeKraftNodesAndDeclaresEveryTopicAndItsDeadLetters() throws Exception {
        JsonNode pool = production.get("KafkaNodePool", "dual-role");
        assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(pool.at("/spec/roles").toString()).contains("controller", "broker");
        JsonNode config = production.get("Kafka", "tapbot-kafka").at("/spec/kafka/config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("auto.create.topics.enable").asBoolean(true)).isFalse();

        Map<String, JsonNode> topics = production.ofKind("KafkaTopic").stream()
                .collect(Collectors.toMap(t -> t.at("/spec/topicName").asText(), t -> t));
        for (String topic : topicNames()) {
            assertThat(topics).as("KafkaTopic for " + topic).containsKey(topic);
            JsonNode spec = topics.get(topic).path("spec");
            assertThat(spec.path("replicas").asInt()).as(topic).isEqualTo(3);
            assertThat(spec.path("partitions").asInt()).as(topic).isGreaterThanOrEqualTo(3);
            assertThat(spec.path("config").path("retention.ms").asLong()).as(topic).isPositive();
            assertThat(spec.path("config").path("min.insync.replicas").asInt()).as(topic).isEqualTo(2);
            assertThat(topics).as("dead-letter topic of " + topic).containsKey(topic.endsWith(".dlq") ? topic : topic + ".dlq");
        }
        assertThat(local.get("KafkaNodePool", "dual-role").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(local.ofKind("KafkaTopic")).allSatisfy(t -> assertThat(t.at("/spec/replicas").asInt()).isEqualTo(1));
    }

    @Test
    void postgresHasTheSeedsParametersStreamingReplicasArchivedWalDailyBackupsAndSchemaDumps() {
        JsonNode cluster = production.get("Cluster", "tapbot-pg");
        assertThat(cluster.at("/spec/instances").asInt()).isEqualTo(3);
        JsonNode parameters = cluster.at("/spec/postgresql/parameters");
        assertThat(parameters.path("shared_buffers").asText()).isEqualTo("256MB");
        assertThat(parameters.path("effective_cache_size").asText()).isEqualTo("1GB");
        assertThat(parameters.path("work_mem").asText()).isEqualTo("4MB");
        assertThat(parameters.path("maintenance_work_mem").asText()).isEqualTo("64MB");
        assertThat(parameters.path("max_connections").asText()).isEqualTo("100");
        assertThat(cluster.at("/spec/resources/requests/memory").asText()).isEqualTo("1536Mi");

        JsonNode plugin = cluster.at("/spec/plugins/0");
        assertThat(plugin.path("name").asText()).isEqualTo("barman-cloud.cloudnative-pg.io");
        assertThat(plugin.path("isWALArchiver").asBoolean()).isTrue();
        String store = plugin.at("/parameters/barmanObjectName").asText();
        assertThat(production.find("ObjectStore", store)).isPresent();

        JsonNode backup = production.get("ScheduledBackup", "tapbot-pg-daily");
        assertThat(backup.at("/spec/cluster/name").asText()).isEqualTo("tapbot-pg");
        assertThat(backup.at("/spec/method").asText()).isEqualTo("plugin");
        assertThat(backup.at("/spec/schedule").asText().split(" ")).hasSize(6);

        JsonNode dumps = production.get("CronJob", "tapbot-pg-schema-dumps");
        String script = ManifestRules.podSpec(dumps).path("initContainers").get(0).toString();
        assertThat(script).contains("pg_dump -Fc -n", "tapbot-pg-r");
        assertThat(ManifestRules.podSpec(dumps).toString()).contains(String.join(" ", SCHEMAS));

        // the services write to the primary
        assertThat(production.get("ConfigMap", "tapbot-config").at("/data/TAPBOT_DB_URL").asText())
                .isEqualTo("jdbc:postgresql://tapbot-pg-rw:5432/tapbot");
    }

    @Test
    void thePointInTimeRecoveryManifestRecoversANewClusterFromTheArchiveToATargetTime() {
        JsonNode cluster = recovery.get("Cluster", "tapbot-pg-restore");
        JsonNode bootstrap = cluster.at("/spec/bootstrap/recovery");
        assertThat(bootstrap.at("/recoveryTarget/targetTime").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
        String source = bootstrap.path("source").asText();
        JsonNode origin = StreamSupport.stream(cluster.at("/spec/externalClusters").spliterator(), false)
                .filter(c -> c.path("name").asText().equals(source)).findFirst().orElseThrow();
        assertThat(origin.at("/plugin/parameters/serverName").asText()).isEqualTo("tapbot-pg");
        assertThat(origin.at("/plugin/parameters/barmanObjectName").asText()).isEqualTo("tapbot-backups");
        // it archives under its own name, never into the original's archive
        assertThat(cluster.at("/spec/plugins/0/parameters/serverName").asText()).isEqualTo("tapbot-pg-restore");
    }

    @Test
    void redisPersistsAsTheSeedSaysWithAReplicaAndSentinels() {
        String conf = production.get("ConfigMap", configMapName(production, "redis-config")).at("/data/redis.conf").asText();
        assertThat(conf).contains("save 21600 1", "appendonly yes", "appendfsync everysec");
        assertThat(production.get("StatefulSet", "redis").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(production.get("StatefulSet", "redis-sentinel").at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode redis = ManifestRules.podSpec(production.get("StatefulSet", "redis")).path("containers").get(0);
        assertThat(redis.at("/resources/requests/memory").asText()).isEqualTo("200Mi");
        JsonNode config = production.get("ConfigMap", "tapbot-config").path("data");
        assertThat(config.path("TAPBOT_REDIS_CLIENT_TYPE").asText()).isEqualTo("sentinel");
        assertThat(config.path("TAPBOT_REDIS_URL").asText()).isEqualTo("redis://redis-sentinel:26379");
    }

    @Test
    void qdrantRunsThreeNodesWithReplicatedCollectionsAndSnapshotsEveryNode() {
        JsonNode qdrant = production.get("StatefulSet", "qdrant");
        assertThat(qdrant.at("/spec/replicas").asInt()).isEqualTo(3);
        JsonNode container = ManifestRules.podSpec(qdrant).path("containers").get(0);
        assertThat(container.path("env").toString()).contains("QDRANT__CLUSTER__ENABLED");
        assertThat(container.at("/resources/requests/memory").asText()).isEqualTo("800Mi");
        assertThat(production.get("ConfigMap", "tapbot-config").at("/data/QDRANT_REPLICATION_FACTOR").asText()).isEqualTo("2");
        for (Rendered rendered : List.of(local, production)) {
            int nodes = rendered.get("StatefulSet", "qdrant").at("/spec/replicas").asInt();
            JsonNode snapshot = ManifestRules.podSpec(rendered.get("CronJob", "qdrant-snapshots")).path("initContainers").get(0);
            String urls = StreamSupport.stream(snapshot.path("env").spliterator(), false)
                    .filter(e -> e.path("name").asText().equals("QDRANT_HTTP_URLS")).findFirst().orElseThrow()
                    .path("value").asText();
            assertThat(urls.trim().split("\\s+")).as(rendered.name + ": one URL per node").hasSize(nodes);
        }
    }

    @Test
    void theOperatorWebInterfacesAreOnTheSeedsHostsBehindAuthAndTls() {
        Map<String, String> hosts = Map.of("pgadmin", "pg.tapbot.kz", "redis-commander", "redis1.tapbot.kz",
                "qdrant-ui", "qdrant.tapbot.kz");
        hosts.forEach((ingress, host) -> {
            JsonNode resource = production.get("Ingress", ingress);
            assertThat(resource.at("/spec/rules/0/host").asText()).isEqualTo(host);
            assertThat(resource.at("/spec/tls/0/hosts/0").asText()).isEqualTo(host);
            JsonNode annotations = resource.at("/metadata/annotations");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/auth-type").asText()).isEqualTo("basic");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/auth-secret").asText()).isNotBlank();
            assertThat(annotations.path("cert-manager.io/cluster-issuer").asText()).isNotBlank();
            assertThat(local.get("Ingress", ingress).at("/spec/rules/0/host").asText()).endsWith(".tapbot.localhost");
        });
    }

    @Test
    void everyAlertHasASeverityARunbookHeadingInTheDeployReadmeAndQueriesOnlyExportedMetrics() throws Exception {
        Set<String> headings = readmeAnchors(Rendered.REPO.resolve("deploy/README.md"));
        Set<String> alerts = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode group : production.get("PrometheusRule", "tapbot-alerts").at("/spec/groups")) {
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                alerts.add(alert);
                if (!Set.of("critical", "warning").contains(rule.at("/labels/severity").asText())) {
                    problems.add(alert + ": severity must be critical or warning");
                }
                for (String annotation : List.of("summary", "description")) {
                    if (rule.path("annotations").path(annotation).asText().isBlank()) {
                        problems.add(alert + ": no " + annotation);
                    }
                }
                String runbook = rule.at("/annotations/runbook_url").asText();
                String anchor = runbook.substring(runbook.indexOf('#') + 1);
                if (!runbook.matches("https://\\S+/README\\.md#\\S+") || !anchor.equals(alert.toLowerCase())
                        || !headings.contains(anchor)) {
                    problems.add(alert + ": runbook_url " + runbook + " is not its heading in deploy/README.md");
                }
                ExportedMetrics.metricNames(rule.path("expr").asText()).stream()
                        .filter(metric -> !ExportedMetrics.exported(metric))
                        .forEach(metric -> problems.add(alert + ": queries " + metric + ", which nothing exports"));
            }
        }
        assertThat(alerts).containsExactlyInAnyOrderElementsOf(ALERTS);
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void theServicesAreScrapedAndEveryDashboardIsShippedToGrafana(String name) throws Exception {
        Rendered rendered = overlay(name);
        JsonNode monitor = rendered.get("PodMonitor", "tapbot-services");
        assertThat(monitor.at("/spec/selector/matchLabels/tapbot.kz~1tier").asText()).isEqualTo("service");
        JsonNode endpoint = monitor.at("/spec/podMetricsEndpoints/0");
        assertThat(endpoint.path("port").asText()).isEqualTo("http");
        assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
        assertThat(endpoint.path("interval").asText()).isEqualTo("15s");
        for (String service : SERVICES) {
            JsonNode pod = rendered.get("Deployment", service).at("/spec/template");
            assertThat(pod.at("/metadata/labels/tapbot.kz~1tier").asText()).as(service).isEqualTo("service");
            assertThat(pod.at("/spec/containers/0/ports/0/name").asText()).as(service).isEqualTo("http");
        }

        Map<String, String> shipped = new java.util.HashMap<>();
        rendered.ofKind("ConfigMap").stream()
                .filter(c -> c.at("/metadata/labels/grafana_dashboard").asText().equals("1"))
                .forEach(c -> c.path("data").fields()
                        .forEachRemaining(f -> shipped.put(f.getKey(), f.getValue().asText())));
        List<Path> dashboards;
        try (var files = Files.list(DASHBOARDS)) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).hasSizeGreaterThanOrEqualTo(6);
        for (Path dashboard : dashboards) {
            assertThat(shipped.get(dashboard.getFileName().toString())).as(dashboard.getFileName() + " in a ConfigMap")
                    .isEqualTo(Files.readString(dashboard));
        }
    }

    /** GitHub's anchors of the headings of a Markdown file: lower case, spaces to '-', punctuation dropped. */
    static Set<String> readmeAnchors(Path markdown) throws java.io.IOException {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : Files.readAllLines(markdown)) {
            if (line.matches("#{1,6} .*")) {
                anchors.add(line.replaceFirst("^#+ ", "").trim().toLowerCase()
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    static List<String> topicNames() throws IllegalAccessException {
        List<String> names = new ArrayList<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                names.add((String) field.get(null));
            }
        }
        assertThat(names).contains(Topics.BOT_UPDATES, Topics.BOT_REPLIES_DLQ);
        return names;
    }

    private static String configMapName(Rendered rendered, String prefix) {
        return rendered.ofKind("ConfigMap").stream().map(c -> c.at("/metadata/name").asText())
                .filter(n -> n.startsWith(prefix)).findFirst().orElseThrow();
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new java.util.HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<String> policiesSelecting(Rendered rendered, Map<String, String> podLabels, String type) {
        return rendered.ofKind("NetworkPolicy").stream()
                .filter(p -> p.at("/spec/policyTypes").toString().contains(type))
                .filter(p -> {
                    JsonNode match = p.at("/spec/podSelector/matchLabels");
                    List<Map.Entry<String, JsonNode>> wanted = new ArrayList<>();
                    match.fields().forEachRemaining(wanted::add);
                    return wanted.stream().allMatch(e -> e.getValue().asText().equals(podLabels.get(e.getKey())));
                })
                .map(p -> p.at("/metadata/name").asText()).toList();
    }
}
