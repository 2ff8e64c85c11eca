package kz.tapbot.platform.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fields an event must carry, as the JSON Schema of its type says (events module, /schemas/{type}.json:
 * "required" at every level, through "$ref" and "anyOf"). A consumed event without one goes to the DLQ
 * naming the field, instead of failing deep inside a handler, where it would look like an outage and be
 * retried for minutes. Types, lengths and formats are the producers' to get right: their tests check the
 * whole schema.
 */
final class RequiredFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = "https://tapbot.kz/schemas/";
    private static final Map<String, Optional<JsonNode>> SCHEMAS = new ConcurrentHashMap<>();

    private RequiredFields() {
    }

    /** Whether the events module publishes a schema for this type. */
    static boolean known(String type) {
        return schema(type + ".json").isPresent();
    }

    /**
     * Why {@code data} falls short ("missing update.chatId", "user is not an object"), or empty; empty too for a
     * type without a schema.
     */
    static Optional<String> firstMissing(String type, JsonNode data) {
        return schema(type + ".json").flatMap(schema -> missing(schema, schema, data, ""));
    }

    private static Optional<String> missing(JsonNode schema, JsonNode root, JsonNode data, String path) {
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String target = ref.asText();
            Optional<JsonNode> resolved = target.startsWith("#") ? Optional.of(root.at(target.substring(1)))
                    : schema(target.replace(BASE, ""));
            JsonNode referenced = resolved.orElse(null);
            if (referenced != null && !referenced.isMissingNode()) {
                Optional<String> found = missing(referenced, target.startsWith("#") ? root : referenced, data, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        boolean object = schema.has("required") || schema.has("properties") || "object".equals(schema.path("type").asText());
        if (object && !data.isObject()) {
            return Optional.of((path.isEmpty() ? "data" : path.substring(0, path.length() - 1)) + " is not an object");
        }
        for (JsonNode field : schema.path("required")) {
            if (!data.hasNonNull(field.asText())) {
                return Optional.of("missing " + path + field.asText());
            }
        }
        JsonNode anyOf = schema.get("anyOf");
        if (anyOf != null && anyOf.isArray() && !anyOf.isEmpty()) {
            List<String> unmet = new ArrayList<>();
            for (JsonNode branch : anyOf) {
                Optional<String> found = missing(branch, root, data, path);
                if (found.isEmpty()) {
                    unmet.clear();
                    break;
                }
                unmet.add(found.get());
            }
            if (!unmet.isEmpty()) {
                return Optional.of(String.join(" or ", unmet));
            }
        }
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode value = data.get(property.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            Optional<String> found = property.getValue().has("items") && value.isArray()
                    ? items(property.getValue().get("items"), root, value, path + property.getKey())
                    : nested(property.getValue(), root, value, path + property.getKey());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nested(JsonNode schema, JsonNode root, JsonNode value, String path) {
        boolean object = schema.has("$ref") || schema.has("required") || schema.has("properties");
        return object ? missing(schema, root, value, path + ".") : Optional.empty();
    }

    private static Optional<String> items(JsonNode schema, JsonNode root, JsonNode array, String path) {
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            Optional<String> found = item.isArray() && schema.has("items")
                    ? items(schema.get("items"), root, item, path + "[" + i + "]")
                    : nested(schema, root, item, path + "[" + i + "]");
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> schema(String file) {
        return SCHEMAS.computeIfAbsent(file, name -> {
            try (InputStream in = RequiredFields.class.getResourceAsStream("/schemas/" + name)) {
                return in == null ? Optional.empty() : Optional.of(JSON.readTree(in));
            } catch (IOException e) {
                throw new IllegalStateException("unreadable schema /schemas/" + name, e);
            }
        });
    }
}
