package kz.tapbot.deploy.manifests;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names the alerts (base/monitoring/alerts.yaml) and the Grafana dashboards (base/monitoring/dashboards)
 * may query, and the names a PromQL expression queries. The lists mirror what the services export on /q/metrics
 * (platform's metrics and each service's own): keep them in step when a service adds, renames or drops a metric,
 * so a typo or a metric nobody exports fails here instead of leaving a panel empty or an alert silent.
 */
final class ExportedMetrics {

    /** Histograms: queried as name_bucket, name_count or name_sum. */
    static final Set<String> HISTOGRAMS = Set.of(
            "http_server_requests_seconds",                  // every service
            "quarkus_messaging_message_duration_seconds",    // every service: SmallRye messaging, per channel
            "tapbot_telegram_send_seconds",                  // bot-gateway
            "tapbot_openai_request_seconds", "tapbot_nlu_parse_seconds", // ai-service
            "tapbot_vector_search_seconds",                  // ai-service, apartment-service
            "reply_latency_seconds");                        // analytics-service
    static final Set<String> SERIES = Set.of(
            // every service
            "tapbot_kafka_consumer_lag", "tapbot_dlq_end_offset",
            // SmallRye messaging per channel: records received, processed (acked), failed (nacked -> DLQ)
            "quarkus_messaging_message_count_total", "quarkus_messaging_message_acks_total",
            "quarkus_messaging_message_failures_total",
            "jvm_memory_used_bytes", "process_cpu_usage",
            // taxi-service, apartment-service
            "tapbot_outbox_backlog", "tapbot_outbox_oldest_age_seconds", "tapbot_outbox_published_total",
            "tapbot_bookings_total",
            // bot-gateway
            "tapbot_gateway_updates_total", "tapbot_gateway_duplicate_updates_total", "tapbot_telegram_responses_total",
            // ai-service
            "tapbot_openai_tokens_total", "tapbot_openai_cache_requests_total",
            // analytics-service
            "bookings_total", "messages_total",
            // Prometheus itself and kube-state-metrics
            "up", "kube_deployment_status_replicas_available", "kube_deployment_spec_replicas");
    /** Families a dashboard may chart beyond the list: the JVM and process meters, kube-state-metrics. */
    static final List<String> DASHBOARD_PREFIXES = List.of("jvm_", "process_", "kube_");
    /** Micrometer's Kafka client meter charted by tapbot.json (GrafanaDashboardTest checks it is exported). */
    static final Set<String> DASHBOARD_EXTRAS = Set.of("kafka_consumer_fetch_manager_records_consumed_total");

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
            "on", "ignoring", "group_left", "group_right", "inf", "nan");

    private ExportedMetrics() {
    }

    /** The metric names a PromQL expression selects (not its functions, labels, label values or keywords). */
    static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll(" ");
        bare = MATCHERS_AND_RANGES.matcher(bare).replaceAll(" ");
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(m.group(1).toLowerCase())) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    static boolean exported(String metric) {
        if (SERIES.contains(metric)) {
            return true;
        }
        return HISTOGRAMS.stream().anyMatch(h -> metric.equals(h + "_bucket") || metric.equals(h + "_count")
                || metric.equals(h + "_sum"));
    }

    static boolean chartable(String metric) {
        return exported(metric) || DASHBOARD_EXTRAS.contains(metric)
                || DASHBOARD_PREFIXES.stream().anyMatch(metric::startsWith);
    }
}
