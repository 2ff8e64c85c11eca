package kz.tapbot.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Validates event data against the JSON Schema of its CloudEvent type, as published by the
 * events module under /schemas/{type}.json (referenced schemas are loaded as well).
 */
public final class EventSchemas {

    private static final String BASE = "https://tapbot.kz/schemas/";

    private final SchemaRepository repository = SchemaRepository.create(
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri(BASE));
    private final Set<String> loaded = new HashSet<>();

    /** Throws an AssertionError naming every violation when {@code json} is not a valid {@code type}. */
    public synchronized void assertValid(String type, String json) {
        String file = type + ".json";
        load(file);
        Object instance = json.trim().startsWith("[") ? new JsonArray(json) : new JsonObject(json);
        OutputUnit result = repository.validator(BASE + file).validate(instance);
        if (!Boolean.TRUE.equals(result.getValid())) {
            throw new AssertionError("event of type " + type + " does not match its schema: " + result.getErrors()
                    + "\n" + json);
        }
    }

    private void load(String file) {
        if (!loaded.add(file)) {
            return;
        }
        try (InputStream in = EventSchemas.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new AssertionError("no schema /schemas/" + file + " on the classpath");
            }
            JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            repository.dereference(BASE + file, JsonSchema.of(schema));
            loadReferences(schema);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void loadReferences(Object node) {
        if (node instanceof JsonObject object) {
            Object ref = object.getValue("$ref");
            if (ref instanceof String target && !target.startsWith("#")) {
                load(target.replace(BASE, ""));
            }
            object.forEach(entry -> loadReferences(entry.getValue()));
        } else if (node instanceof JsonArray array) {
            array.forEach(this::loadReferences);
        }
    }
}
