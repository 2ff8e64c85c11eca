package kz.tapbot.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks custom resources that have no Java model (CloudNativePG's Cluster and ScheduledBackup, Barman Cloud's
 * ObjectStore) against the openAPIV3Schema of their published CRDs, kept unmodified in src/test/resources/crds.
 * As strict as the API server's structural schemas: a field the schema does not declare is an error (unless the
 * schema preserves unknown fields or declares additionalProperties), and so are wrong types, missing required
 * fields and values outside an enum.
 */
final class CrdSchemas {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> FILES = List.of("postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io_scheduledbackups.yaml", "barmancloud.cnpg.io_objectstores.yaml");

    /** apiVersion + "/" + kind -> the schema of that version. */
    private final Map<String, JsonNode> schemas = new HashMap<>();

    CrdSchemas() throws IOException {
        for (String file : FILES) {
            try (InputStream in = CrdSchemas.class.getResourceAsStream("/crds/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("missing CRD /crds/" + file);
                }
                JsonNode crd = YAML.readTree(in);
                String group = crd.path("spec").path("group").asText();
                String kind = crd.path("spec").path("names").path("kind").asText();
                for (JsonNode version : crd.path("spec").path("versions")) {
                    schemas.put(group + "/" + version.path("name").asText() + "/" + kind,
                            version.path("schema").path("openAPIV3Schema"));
                }
            }
        }
    }

    boolean covers(JsonNode resource) {
        return schemas.containsKey(key(resource));
    }

    List<String> violations(JsonNode resource) {
        JsonNode schema = schemas.get(key(resource));
        if (schema == null) {
            return List.of(Rendered.id(resource) + ": no schema for " + key(resource));
        }
        List<String> found = new ArrayList<>();
        // metadata is the API server's ObjectMeta, not part of the CRD's schema
        Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("metadata")) {
                continue;
            }
            JsonNode property = schema.path("properties").path(field.getKey());
            if (property.isMissingNode()) {
                found.add(field.getKey() + ": unknown field");
            } else {
                check(property, field.getValue(), field.getKey(), found);
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!resource.has(required.asText())) {
                found.add(required.asText() + ": required");
            }
        }
        return found.stream().map(v -> Rendered.id(resource) + " " + v).toList();
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> found) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !value.isIntegralNumber()) {
                found.add(path + ": must be an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(schema, value, path, found);
            case "array" -> {
                if (!value.isArray()) {
                    found.add(path + ": must be an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", found);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    found.add(path + ": must be a string, was " + value);
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    found.add(path + ": must be an integer, was " + value);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    found.add(path + ": must be a number, was " + value);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    found.add(path + ": must be true or false, was " + value);
                }
            }
            default -> {
                // no type: anything goes (x-kubernetes-preserve-unknown-fields without a type)
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                found.add(path + ": " + value + " is not one of " + schema.path("enum"));
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> found) {
        if (!value.isObject()) {
            found.add(path + ": must be an object");
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String child = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), child, found);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), child, found);
            } else if (!preserve && !additional.asBoolean(false)) {
                found.add(child + ": unknown field");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                found.add(path + "." + required.asText() + ": required");
            }
        }
    }

    private static String key(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
    }
}
