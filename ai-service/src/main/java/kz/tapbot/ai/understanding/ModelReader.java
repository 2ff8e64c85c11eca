package kz.tapbot.ai.understanding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kz.tapbot.ai.nlu.Parse;
import kz.tapbot.ai.nlu.Parser;
import kz.tapbot.ai.openai.OpenAiClient;
import org.jboss.logging.Logger;

/**
 * Free text read by the model (OpenAI structured output following the NLU contract), checked and
 * normalised by the embedded parser's rules. Empty whenever the model is slow, failing, limited or
 * says something the contract does not allow: the embedded parser answers then.
 */
@ApplicationScoped
public class ModelReader {

    private static final Logger LOG = Logger.getLogger(ModelReader.class);
    private static final List<String> ENTITY_KEYS = List.of("from_city", "to_city", "city", "date", "time", "seats",
            "phone", "check_in", "check_out", "guests", "budget_max", "amenities");

    private final OpenAiClient client;
    private final ObjectMapper json;
    private final JsonNode schema;

    ModelReader(OpenAiClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
        this.schema = schema(json);
    }

    public Optional<Parse> read(Parser rules, String text, String bot, ZonedDateTime now) {
        String system = "You read messages sent to TapBot's Telegram bots in Kazakhstan (intercity taxi and daily "
                + "apartment rentals), in Russian, Kazakh or English, and return JSON. intent is one of "
                + String.join(", ", Parser.INTENTS) + ". Entities only when the text clearly says them, else null: "
                + "from_city/to_city (taxi) and city (apartments) as canonical English names (Almaty, Astana, Shymkent, "
                + "Karaganda, ...); date, check_in, check_out as YYYY-MM-DD (dates without a year are the next such date; "
                + "apartment requests use check_in/check_out); time HH:MM; seats, guests, budget_max (tenge) integers; "
                + "phone +7XXXXXXXXXX; amenities from wifi, parking, balcony, washer, kitchen, air_conditioning, pets, "
                + "elevator, kids in the order said. Today is " + now.toLocalDate() + ", a " + now.getDayOfWeek()
                + ", in Asia/Almaty; the user writes to the " + (bot == null ? "unknown"
                : bot) + " bot.";
        try {
            JsonNode answer = client.extract(system, text, schema);
            Map<String, Object> entities = json.convertValue(answer.path("entities"), Map.class);
            entities.values().removeIf(v -> v == null);
            return rules.check(text, answer.path("intent").asText(null), answer.path("language").asText(null), entities, now);
        } catch (RuntimeException e) {
            LOG.debugf("the model did not read a message, the embedded parser does: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The contract as a strict JSON schema: every key present, null when not said. */
    private static JsonNode schema(ObjectMapper json) {
        ObjectNode root = json.createObjectNode().put("type", "object").put("additionalProperties", false);
        root.putArray("required").add("intent").add("language").add("entities");
        ObjectNode properties = root.putObject("properties");
        ArrayNode intents = properties.putObject("intent").put("type", "string").putArray("enum");
        Parser.INTENTS.forEach(intents::add);
        properties.putObject("language").put("type", "string").putArray("enum").add("ru").add("kk").add("en");
        ObjectNode entities = properties.putObject("entities").put("type", "object").put("additionalProperties", false);
        ArrayNode required = entities.putArray("required");
        ObjectNode fields = entities.putObject("properties");
        for (String key : ENTITY_KEYS) {
            required.add(key);
            boolean number = List.of("seats", "guests", "budget_max").contains(key);
            if (key.equals("amenities")) {
                ObjectNode list = fields.putObject(key);
                list.putArray("type").add("array").add("null");
                list.putObject("items").put("type", "string");
            } else {
                fields.putObject(key).putArray("type").add(number ? "integer" : "string").add("null");
            }
        }
        return root;
    }
}
