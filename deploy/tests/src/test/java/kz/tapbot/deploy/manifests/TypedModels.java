package kz.tapbot.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a rendered resource into its typed Java model: fabric8's for the core kinds and the prometheus-operator kinds
 * (openshift-model-monitoring), Strimzi's for the Kafka kinds. All keep a field they do not know in an
 * "additionalProperties" map instead of failing, so {@link #unknownFields} walks the parsed object and reports every
 * such field with its path.
 */
final class TypedModels {

    private static final String STRIMZI = "kafka.strimzi.io/v1";
    private static final String PROMETHEUS_OPERATOR = "monitoring.coreos.com/v1";
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    TypedModels() {
        serialization.registerKubernetesResource(STRIMZI, "Kafka", Kafka.class);
        serialization.registerKubernetesResource(STRIMZI, "KafkaNodePool", KafkaNodePool.class);
        serialization.registerKubernetesResource(STRIMZI, "KafkaTopic", KafkaTopic.class);
        serialization.registerKubernetesResource(PROMETHEUS_OPERATOR, "PodMonitor", PodMonitor.class);
        serialization.registerKubernetesResource(PROMETHEUS_OPERATOR, "PrometheusRule", PrometheusRule.class);
    }

    /** The typed model, or an AssertionError when the kind has none (it would be a GenericKubernetesResource). */
    KubernetesResource parse(JsonNode resource) {
        KubernetesResource parsed = serialization.unmarshal(resource.toString());
        if (parsed instanceof GenericKubernetesResource) {
            throw new AssertionError(Rendered.id(resource) + " (" + resource.path("apiVersion").asText()
                    + ") has no typed model: unknown kind or apiVersion");
        }
        return parsed;
    }

    /** Paths of the fields the model did not know, e.g. {@code spec.template.spec.containers[0].readinesProbe}. */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                walk(item, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, path + "." + key, found, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.fabric8.openshift.api.model")
                && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String field = Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
            if (field.equals("additionalProperties") && child instanceof Map<?, ?> extra) {
                extra.keySet().forEach(key -> found.add((path.isEmpty() ? "" : path + ".") + key));
            } else {
                walk(child, path.isEmpty() ? field : path + "." + field, found, seen);
            }
        }
    }
}
