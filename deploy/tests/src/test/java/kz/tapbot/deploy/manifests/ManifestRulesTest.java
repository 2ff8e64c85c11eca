package kz.tapbot.deploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each rule of {@link ManifestRules} catches the mistake it is there for (and lets a correct resource through). */
class ManifestRulesTest {

    static ManifestRules rules;

    @BeforeAll
    static void load() throws Exception {
        rules = new ManifestRules();
    }

    static ObjectNode one(String yaml) throws Exception {
        return Rendered.parse("sample", yaml).resources.get(0);
    }

    static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: web:1
                      %s
                      resources:
                        requests: {cpu: 100m, memory: 128Mi}
                        %s
            """;
    static final String PROBES = "readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}\n"
            + "          livenessProbe: {httpGet: {path: /q/health/live, port: 8080}}";
    static final String LIMITS = "limits: {cpu: 500m, memory: 256Mi}";

    @Test
    void aCorrectDeploymentPassesEveryRule() throws Exception {
        ObjectNode deployment = one(DEPLOYMENT.formatted(PROBES, LIMITS));
        assertThat(rules.modelViolations(deployment)).isEmpty();
        assertThat(ManifestRules.workloadViolations(deployment)).isEmpty();
        assertThat(ManifestRules.secretViolations(deployment)).isEmpty();
    }

    @Test
    void aDeploymentWithoutProbesOrLimitsIsRefused() throws Exception {
        assertThat(ManifestRules.workloadViolations(one(DEPLOYMENT.formatted("", LIMITS))))
                .containsExactly("Deployment/web container web has no readinessProbe",
                        "Deployment/web container web has no livenessProbe");
        assertThat(ManifestRules.workloadViolations(one(DEPLOYMENT.formatted(PROBES, ""))))
                .containsExactly("Deployment/web container web has no cpu limits",
                        "Deployment/web container web has no memory limits");
    }

    @Test
    void aMisspelledFieldOfACoreKindIsAnUnknownField() throws Exception {
        String misspelled = PROBES.replace("readinessProbe", "readinesProbe");
        assertThat(rules.modelViolations(one(DEPLOYMENT.formatted(misspelled, LIMITS))))
                .containsExactly("Deployment/web unknown field spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void aMisspelledFieldOfAStrimziKindIsAnUnknownField() throws Exception {
        ObjectNode topic = one("""
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: t, labels: {strimzi.io/cluster: c}}
                spec: {partitions: 3, replicas: 3, retentionMs: 1000}
                """);
        assertThat(rules.modelViolations(topic)).containsExactly("KafkaTopic/t unknown field spec.retentionMs");
    }

    @Test
    void aMisspelledFieldOfAPrometheusRuleOrPodMonitorIsAnUnknownField() throws Exception {
        String rule = """
                apiVersion: monitoring.coreos.com/v1
                kind: PrometheusRule
                metadata: {name: r}
                spec:
                  groups:
                    - name: g
                      rules:
                        - alert: Down
                          %s: up == 0
                          for: 2m
                          labels: {severity: critical}
                          annotations: {summary: down}
                """;
        assertThat(rules.modelViolations(one(rule.formatted("expr")))).isEmpty();
        assertThat(rules.modelViolations(one(rule.formatted("expression"))))
                .containsExactly("PrometheusRule/r unknown field spec.groups[0].rules[0].expression");
        ObjectNode monitor = one("""
                apiVersion: monitoring.coreos.com/v1
                kind: PodMonitor
                metadata: {name: m}
                spec:
                  selector: {matchLabels: {tier: service}}
                  podMetricsEndpoints: [{port: http, path: /q/metrics, scrapeInterval: 15s}]
                """);
        assertThat(rules.modelViolations(monitor))
                .containsExactly("PodMonitor/m unknown field spec.podMetricsEndpoints[0].scrapeInterval");
    }

    @Test
    void aQueryOfAMetricNobodyExportsIsCaughtButNotItsLabelsOrFunctions() {
        String query = "histogram_quantile(0.99, sum by (le, bot) "
                + "(rate(reply_latency_seconds_bucket{bot=~\"taxi|up\"}[5m])))"
                + " > 2 and on (bot) sum without (pod) (tapbot_telegram_respones_total offset 5m) > bool 0";
        assertThat(ExportedMetrics.metricNames(query))
                .containsExactly("reply_latency_seconds_bucket", "tapbot_telegram_respones_total");
        assertThat(ExportedMetrics.exported("reply_latency_seconds_bucket")).isTrue();
        assertThat(ExportedMetrics.exported("tapbot_telegram_respones_total")).isFalse();
        assertThat(ExportedMetrics.exported("jvm_threads_live_threads")).isFalse();
        assertThat(ExportedMetrics.chartable("jvm_threads_live_threads")).isTrue();
    }

    @Test
    void anUnknownKindHasNoModelAndIsRefused() throws Exception {
        ObjectNode unknown = one("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: w}
                spec: {size: 1}
                """);
        assertThat(rules.modelViolations(unknown)).singleElement().asString().contains("has no typed model");
    }

    @Test
    void aSecretWithDataOrAPasswordInClearIsRefused() throws Exception {
        ObjectNode secret = one("""
                apiVersion: v1
                kind: Secret
                metadata: {name: s}
                stringData: {token: abc}
                """);
        assertThat(ManifestRules.secretViolations(secret)).singleElement().asString().contains("holds secret data");
        ObjectNode inClear = one(DEPLOYMENT.formatted(PROBES + "\n          env: [{name: TAPBOT_ADMIN_TOKEN, value: x}]", LIMITS));
        assertThat(ManifestRules.secretViolations(inClear)).singleElement().asString().contains("TAPBOT_ADMIN_TOKEN in clear");
        ObjectNode configMap = one("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: c}
                data: {OPENAI_API_KEY: sk-1}
                """);
        assertThat(ManifestRules.secretViolations(configMap)).singleElement().asString().contains("belongs in a Secret");
    }

    @Test
    void cloudNativePgResourcesAreCheckedAgainstThePublishedSchema() throws Exception {
        ObjectNode cluster = one("""
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg}
                spec:
                  instances: three
                  storage: {size: 1Gi}
                  postgresql: {parameters: {work_mem: 4MB}}
                  bootstrap: {initdb: {database: app, owner: app}}
                  walArchiving: true
                """);
        List<String> violations = rules.modelViolations(cluster);
        assertThat(violations).contains("Cluster/pg spec.instances: must be an integer, was \"three\"",
                "Cluster/pg spec.walArchiving: unknown field");
        ObjectNode backup = one("""
                apiVersion: postgresql.cnpg.io/v1
                kind: ScheduledBackup
                metadata: {name: b}
                spec: {schedule: "0 0 2 * * *", cluster: {name: pg}, method: tape}
                """);
        assertThat(rules.modelViolations(backup)).singleElement().asString().contains("spec.method", "not one of");
        ObjectNode store = one("""
                apiVersion: barmancloud.cnpg.io/v1
                kind: ObjectStore
                metadata: {name: s}
                spec: {configuration: {destinationPath: "s3://b/p", bucket: b}}
                """);
        assertThat(rules.modelViolations(store)).contains("ObjectStore/s spec.configuration.bucket: unknown field");
    }
}
