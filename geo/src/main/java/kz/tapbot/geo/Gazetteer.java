package kz.tapbot.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds Kazakhstan cities in what people type: Russian, Kazakh or Latin, any case form
 * ("Астану", "Алматыдан", "Қарағандыға"), old names ("Алма-Ата", "Нур-Султан") and typos of case.
 * An alias ending in '*' matches a word that starts with it plus a case ending of up to five letters.
 */
public final class Gazetteer implements Places {

    /** A city said in the text, with where it was said and how (from/to marker). */
    public record Mention(City city, int position, Direction direction) {
    }

    public enum Direction { FROM, TO, UNMARKED }

    private static final int MAX_ENDING = 5;
    /** Stems whose last vowel a case form changes, and the words such a form can be. */
    private static final Pattern LATIN_STEM = Pattern.compile("[a-z]{4,}[aeiouy]");
    private static final Pattern LATIN_WORD = Pattern.compile("[a-z]+");
    private static final Pattern CYRILLIC_STEM = Pattern.compile("[а-я]{5,}[аяйыио]");
    private static final Pattern CYRILLIC_WORD = Pattern.compile("[а-я]+");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\-]*");
    private static final List<String> FROM_WORDS = List.of("из", "с", "со", "от", "from", "iz", "ot", "s");
    private static final List<String> TO_WORDS = List.of("в", "во", "до", "на", "to", "into", "v", "vo", "do", "na");
    private static final List<String> KK_FROM_ENDINGS = List.of("дан", "ден", "тан", "тен", "нан", "нен");
    private static final List<String> KK_TO_ENDINGS = List.of("га", "ге", "ка", "ке", "на", "не");

    private final List<City> cities;

    public Gazetteer(List<City> cities) {
        this.cities = List.copyOf(cities);
    }

    public List<City> cities() {
        return cities;
    }

    @Override
    public Optional<City> byName(String name) {
        return cities.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The first city named in {@code text}. */
    @Override
    public Optional<City> find(String text) {
        List<Mention> mentions = mentions(text);
        return mentions.isEmpty() ? Optional.empty() : Optional.of(mentions.get(0).city());
    }

    /** Every city named in {@code text}, in order, with the direction its wording marks. */
    @Override
    public List<Mention> mentions(String text) {
        List<Mention> found = new ArrayList<>();
        if (text == null) {
            return found;
        }
        List<String> words = new ArrayList<>();
        var matcher = WORD.matcher(KazakhText.fold(text));
        while (matcher.find()) {
            words.add(matcher.group());
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            for (City city : cities) {
                Optional<String> alias = matchingAlias(city, word);
                if (alias.isPresent()) {
                    String previous = i > 0 ? words.get(i - 1) : "";
                    found.add(new Mention(city, i, direction(previous, word, alias.get())));
                    break;
                }
            }
        }
        return found;
    }

    private static Optional<String> matchingAlias(City city, String word) {
        for (String alias : city.aliases()) {
            if (alias.endsWith("*")) {
                String stem = alias.substring(0, alias.length() - 1);
                if (word.startsWith(stem) && word.length() - stem.length() <= MAX_ENDING) {
                    return Optional.of(stem);
                }
                // case forms change a name's last vowel: "astane" (astana), "Капшагае" (капшагай); the patterns are
                // tried last, on the few words that start with the root (this runs for every word and every alias)
                String root = stem.substring(0, stem.length() - 1);
                if (word.startsWith(root) && word.length() >= stem.length()
                        && word.length() - root.length() <= MAX_ENDING
                        && (bothMatch(LATIN_STEM, stem, LATIN_WORD, word)
                            || bothMatch(CYRILLIC_STEM, stem, CYRILLIC_WORD, word))) {
                    return Optional.of(root);
                }
            } else if (word.equals(alias)) {
                return Optional.of(alias);
            }
        }
        return Optional.empty();
    }

    private static boolean bothMatch(Pattern stemPattern, String stem, Pattern wordPattern, String word) {
        return stemPattern.matcher(stem).matches() && wordPattern.matcher(word).matches();
    }

    private static Direction direction(String previous, String word, String alias) {
        if (FROM_WORDS.contains(previous)) {
            return Direction.FROM;
        }
        if (TO_WORDS.contains(previous)) {
            return Direction.TO;
        }
        String ending = word.length() > alias.length() ? word.substring(alias.length()) : "";
        if (KK_FROM_ENDINGS.stream().anyMatch(ending::endsWith)) {
            return Direction.FROM;
        }
        if (!ending.isEmpty() && KK_TO_ENDINGS.stream().anyMatch(ending::endsWith) && !ending.equals("на")) {
            return Direction.TO;
        }
        return Direction.UNMARKED;
    }
}
