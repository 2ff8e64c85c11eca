package kz.tapbot.ai.nlu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.geo.GazetteerLoader;

/**
 * The embedded, offline parser of ../shared/design/NLU.md: intent (cue words, then a naive Bayes
 * classifier trained on the labelled examples in nlu/examples.jsonl), language, and the entities by
 * rules: cities from the gazetteer with their from/to marking, a date grammar, counts of people,
 * phones, budgets and amenities. Pure Java, no I/O after construction, thread-safe.
 */
public final class Parser {

    private final Gazetteer gazetteer;
    private final Intents intents;

    public Parser(Gazetteer gazetteer, List<Example> training) {
        this.gazetteer = gazetteer;
        Intents.NaiveBayes classifier = new Intents.NaiveBayes();
        training.forEach(e -> classifier.learn(e.text(), e.intent()));
        this.intents = new Intents(classifier);
    }

    /** The bundled gazetteer, trained on the bundled examples. */
    public static Parser bundled() {
        return new Parser(GazetteerLoader.bundled(), Example.read(Parser.class.getResourceAsStream("/nlu/examples.jsonl")));
    }

    /** A labelled example: the text, the bot it was said to, when, and what it means. */
    public record Example(String text, String bot, ZonedDateTime now, String intent, Map<String, Object> entities) {

        public static List<Example> read(InputStream jsonl) {
            if (jsonl == null) {
                return List.of();
            }
            ObjectMapper json = new ObjectMapper();
            List<Example> examples = new java.util.ArrayList<>();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jsonl, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode node = json.readTree(line);
                    examples.add(new Example(node.path("text").asText(), node.path("bot").isNull() ? null
                            : node.path("bot").asText(null), ZonedDateTime.parse(node.path("now").asText()),
                            node.path("intent").asText(), json.convertValue(node.path("entities"), Map.class)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return examples;
        }
    }

    public Parse parse(String text, String bot, ZonedDateTime now) {
        String said = text == null ? "" : text.strip();
        LocalDate today = now.toLocalDate();
        List<Gazetteer.Mention> mentions = mentions(said);
        List<DateGrammar.Said> dates = DateGrammar.dates(said, today);
        Optional<Integer> people = Counts.people(said);
        DateGrammar.Range stay = DateGrammar.stay(said, today);
        boolean hasStay = stay.from() != null || DateGrammar.nights(said.toLowerCase()).isPresent();
        boolean route = mentions.size() >= 2 || mentions.stream().anyMatch(m -> m.direction() == Gazetteer.Direction.FROM);
        Intents.Decision decision = intents.decide(said, new Intents.Signals(mentions.size(), route, !dates.isEmpty(),
                people.isPresent(), hasStay, bot));
        String intent = decision.intent();
        Map<String, Object> entities = new LinkedHashMap<>();
        boolean apartment = intent.startsWith("apartment.") || !intent.startsWith("taxi.") && mentions.size() <= 1
                && (Intents.mentionsApartment(said) || "apartments".equals(bot) && !Intents.mentionsTaxi(said));
        if (apartment) {
            mentions.stream().findFirst().ifPresent(m -> entities.put("city", m.city().name()));
            if (stay.from() != null && !stay.from().isBefore(today)) {
                entities.put("check_in", stay.from().toString());
                if (stay.to() != null) {
                    entities.put("check_out", stay.to().toString());
                }
            }
            people.filter(n -> n <= 20).ifPresent(n -> entities.put("guests", n));
            Counts.budget(said).ifPresent(b -> entities.put("budget_max", b));
        } else {
            route(mentions, entities);
            dates.stream().findFirst().ifPresent(d -> entities.put("date", d.date().toString()));
            DateGrammar.time(said).filter(t -> !intent.equals("greeting")).map(LocalTime::toString)
                    .ifPresent(t -> entities.put("time", t));
            people.filter(n -> n <= 8).ifPresent(n -> entities.put("seats", n));
        }
        Counts.phone(said).ifPresent(p -> entities.put("phone", p));
        List<String> amenities = Counts.amenities(said);
        if (!amenities.isEmpty()) {
            entities.put("amenities", amenities);
        }
        return new Parse(intent, decision.confidence(), Languages.of(said), entities);
    }

    /** The intents of the NLU contract. */
    public static final List<String> INTENTS = List.of("taxi.book", "taxi.offer", "taxi.cancel", "apartment.search",
            "apartment.cancel", "booking.status", "help", "greeting", "faq", "unknown");
    private static final List<String> AMENITIES = List.of("wifi", "parking", "balcony", "washer", "kitchen",
            "air_conditioning", "pets", "elevator", "kids");

    /**
     * Checks and normalises what another reader (the model) made of a text, by this parser's rules:
     * cities to their canonical names, dates to ISO days not in the past, counts, phones to E.164,
     * budgets, amenities from the canonical list; anything that does not pass is dropped. Empty when
     * the intent is not one of the contract's.
     */
    public Optional<Parse> check(String text, String intent, String language, Map<String, Object> said, ZonedDateTime now) {
        if (intent == null || !INTENTS.contains(intent)) {
            return Optional.empty();
        }
        LocalDate today = now.toLocalDate();
        Map<String, Object> entities = new LinkedHashMap<>();
        for (String key : List.of("from_city", "to_city", "city")) {
            Object value = said.get(key);
            if (value != null) {
                gazetteer.byName(value.toString()).or(() -> gazetteer.find(value.toString()))
                        .ifPresent(c -> entities.put(key, c.name()));
            }
        }
        for (String key : List.of("date", "check_in", "check_out")) {
            Object value = said.get(key);
            if (value != null) {
                try {
                    LocalDate day = LocalDate.parse(value.toString());
                    if (!day.isBefore(today)) {
                        entities.put(key, day.toString());
                    }
                } catch (RuntimeException e) {
                    // not a date
                }
            }
        }
        Object time = said.get("time");
        if (time != null && time.toString().matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            entities.put("time", time.toString());
        }
        for (String key : List.of("seats", "guests")) {
            if (said.get(key) instanceof Number n && n.intValue() >= 1 && n.intValue() <= 20) {
                entities.put(key, n.intValue());
            }
        }
        if (said.get("budget_max") instanceof Number n && n.longValue() >= 1000) {
            entities.put("budget_max", n.longValue());
        }
        Object phone = said.get("phone");
        if (phone != null) {
            kz.tapbot.platform.dialog.TextInputs.phone(phone.toString()).ifPresent(p -> entities.put("phone", p));
        }
        if (said.get("amenities") instanceof List<?> list) {
            List<String> known = list.stream().map(String::valueOf).filter(AMENITIES::contains).distinct().toList();
            if (!known.isEmpty()) {
                entities.put("amenities", known);
            }
        }
        String checkedLanguage = List.of("ru", "kk", "en").contains(language) ? language : Languages.of(text);
        return Optional.of(new Parse(intent, 0.9, checkedLanguage, entities));
    }

    /** from_city and to_city from the marked mentions ("из", "-дан"; "в", "-ға"), then the order of the rest. */
    private static void route(List<Gazetteer.Mention> mentions, Map<String, Object> entities) {
        for (Gazetteer.Mention m : mentions) {
            if (m.direction() == Gazetteer.Direction.FROM && !entities.containsKey("from_city")) {
                entities.put("from_city", m.city().name());
            } else if (m.direction() == Gazetteer.Direction.TO && !entities.containsKey("to_city")) {
                entities.put("to_city", m.city().name());
            }
        }
        List<Gazetteer.Mention> unmarked = mentions.stream()
                .filter(m -> m.direction() == Gazetteer.Direction.UNMARKED
                        && !m.city().name().equals(entities.get("from_city")) && !m.city().name().equals(entities.get("to_city")))
                .toList();
        for (int i = 0; i < unmarked.size(); i++) {
            String name = unmarked.get(i).city().name();
            boolean moreToCome = i + 1 < unmarked.size();
            if (!entities.containsKey("from_city") && (entities.containsKey("to_city") || moreToCome)) {
                entities.put("from_city", name);
            } else if (!entities.containsKey("to_city")) {
                entities.put("to_city", name);
            } else if (!entities.containsKey("from_city")) {
                entities.put("from_city", name);
            }
        }
    }

    /** Cities said; "Экибастуз-Астана" and "Petropavl->Kokshetau" name two, "Нур-Султан" one. */
    private List<Gazetteer.Mention> mentions(String text) {
        List<Gazetteer.Mention> whole = distinct(gazetteer.mentions(text));
        List<Gazetteer.Mention> split = distinct(gazetteer.mentions(text.replaceAll("[-–—>→]+", " ")));
        return split.size() > whole.size() ? split : whole;
    }

    private static List<Gazetteer.Mention> distinct(List<Gazetteer.Mention> mentions) {
        Set<City> seen = new LinkedHashSet<>();
        return mentions.stream().filter(m -> seen.add(m.city())).toList();
    }
}
