package kz.tapbot.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every rendered resource must pass, each returning what it found wrong (empty = fine). Used on the real
 * overlays by {@link ManifestValidationTest} and on broken samples by {@link ManifestRulesTest}, which proves each
 * rule catches what it is meant to.
 */
final class ManifestRules {

    /** Kinds with neither a Java model nor a published schema here, checked field by field instead. */
    private static final Set<String> EXPLICITLY_CHECKED = Set.of("cert-manager.io/v1/ClusterIssuer");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet");
    private static final Set<String> POD_OWNERS = Set.of("Deployment", "StatefulSet", "CronJob", "Job", "DaemonSet");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(TOKEN|PASSWORD|SECRET|API_KEY|ACCESS_KEY).*");

    private final TypedModels models = new TypedModels();
    private final CrdSchemas schemas;

    ManifestRules() throws IOException {
        this.schemas = new CrdSchemas();
    }

    /** Typed model (fabric8, Strimzi) with no unknown field, or the published CRD schema, or the explicit checks. */
    List<String> modelViolations(JsonNode resource) {
        String key = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
        if (schemas.covers(resource)) {
            return schemas.violations(resource);
        }
        if (EXPLICITLY_CHECKED.contains(key)) {
            return clusterIssuerViolations(resource);
        }
        try {
            return TypedModels.unknownFields(models.parse(resource)).stream()
                    .map(path -> Rendered.id(resource) + " unknown field " + path).toList();
        } catch (AssertionError e) {
            return List.of(e.getMessage());
        } catch (RuntimeException e) {
            return List.of(Rendered.id(resource) + " does not parse: " + e.getMessage());
        }
    }

    /** Deployments and StatefulSets: readiness and liveness probes and CPU/memory requests and limits on every container. */
    static List<String> workloadViolations(JsonNode resource) {
        List<String> found = new ArrayList<>();
        String kind = resource.path("kind").asText();
        if (!POD_OWNERS.contains(kind)) {
            return found;
        }
        JsonNode pod = podSpec(resource);
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path(list)) {
                String where = Rendered.id(resource) + " container " + container.path("name").asText();
                for (String bound : List.of("requests", "limits")) {
                    for (String resourceName : List.of("cpu", "memory")) {
                        if (!container.path("resources").path(bound).hasNonNull(resourceName)) {
                            found.add(where + " has no " + resourceName + " " + bound);
                        }
                    }
                }
                if (WORKLOADS.contains(kind) && list.equals("containers")) {
                    for (String probe : List.of("readinessProbe", "livenessProbe")) {
                        if (!container.has(probe)) {
                            found.add(where + " has no " + probe);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** No Secret may carry data, and no variable that names a secret may hold its value in the manifest. */
    static List<String> secretViolations(JsonNode resource) {
        List<String> found = new ArrayList<>();
        if (resource.path("kind").asText().equals("Secret")
                && (resource.path("data").size() > 0 || resource.path("stringData").size() > 0)) {
            found.add(Rendered.id(resource) + " holds secret data: create Secrets out of band (deploy/README.md)");
        }
        if (POD_OWNERS.contains(resource.path("kind").asText())) {
            JsonNode pod = podSpec(resource);
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : pod.path(list)) {
                    for (JsonNode env : container.path("env")) {
                        if (SECRET_NAME.matcher(env.path("name").asText()).matches() && env.has("value")) {
                            found.add(Rendered.id(resource) + " sets " + env.path("name").asText()
                                    + " in clear: take it from a Secret");
                        }
                    }
                }
            }
        }
        if (resource.path("kind").asText().equals("ConfigMap")) {
            resource.path("data").fieldNames().forEachRemaining(name -> {
                if (SECRET_NAME.matcher(name).matches()) {
                    found.add(Rendered.id(resource) + " has " + name + " in a ConfigMap: it belongs in a Secret");
                }
            });
        }
        return found;
    }

    static JsonNode podSpec(JsonNode resource) {
        return switch (resource.path("kind").asText()) {
            case "CronJob" -> resource.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
            default -> resource.path("spec").path("template").path("spec");
        };
    }

    /** cert-manager's ClusterIssuer (no model or schema here): the fields the local overlay uses, nothing else. */
    private static List<String> clusterIssuerViolations(JsonNode resource) {
        List<String> found = new ArrayList<>();
        Set<String> allowedTop = Set.of("apiVersion", "kind", "metadata", "spec");
        resource.fieldNames().forEachRemaining(name -> {
            if (!allowedTop.contains(name)) {
                found.add(Rendered.id(resource) + " unknown field " + name);
            }
        });
        JsonNode spec = resource.path("spec");
        Set<String> issuers = Set.of("selfSigned", "acme", "ca", "vault", "venafi");
        List<String> kinds = new ArrayList<>();
        spec.fieldNames().forEachRemaining(kinds::add);
        if (kinds.size() != 1 || !issuers.contains(kinds.get(0))) {
            found.add(Rendered.id(resource) + " spec must name exactly one issuer type of " + issuers + ", has " + kinds);
        }
        return found;
    }
}
