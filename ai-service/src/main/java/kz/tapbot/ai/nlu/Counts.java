package kz.tapbot.ai.nlu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.tapbot.platform.dialog.TextInputs;

/** Numbers people say about seats, guests, money and phones, in the NLU contract's canonical form. */
final class Counts {

    private static final Map<String, Integer> PEOPLE_WORDS = Map.ofEntries(
            Map.entry("одного", 1), Map.entry("одна", 1), Map.entry("один", 1), Map.entry("одно", 1),
            Map.entry("двоих", 2), Map.entry("двое", 2), Map.entry("вдвоем", 2), Map.entry("вдвоём", 2),
            Map.entry("троих", 3), Map.entry("трое", 3), Map.entry("втроем", 3), Map.entry("втроём", 3),
            Map.entry("четверых", 4), Map.entry("четверо", 4), Map.entry("вчетвером", 4), Map.entry("пятерых", 5),
            Map.entry("пятеро", 5), Map.entry("впятером", 5), Map.entry("шестерых", 6), Map.entry("шестеро", 6),
            Map.entry("dvoih", 2), Map.entry("dvoe", 2), Map.entry("troe", 3), Map.entry("troih", 3),
            Map.entry("екеуміз", 2), Map.entry("үшеуміз", 3), Map.entry("төртеуміз", 4), Map.entry("екеу", 2),
            Map.entry("үшеу", 3), Map.entry("төртеу", 4), Map.entry("couple", 2));
    private static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(
            Map.entry("одно", 1), Map.entry("один", 1), Map.entry("одна", 1), Map.entry("два", 2), Map.entry("две", 2),
            Map.entry("три", 3), Map.entry("четыре", 4), Map.entry("пять", 5), Map.entry("шесть", 6),
            Map.entry("бір", 1), Map.entry("екі", 2), Map.entry("үш", 3), Map.entry("төрт", 4), Map.entry("бес", 5),
            Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
            Map.entry("six", 6), Map.entry("dva", 2), Map.entry("dve", 2), Map.entry("tri", 3), Map.entry("chetyre", 4));
    private static final String UNIT = "(мест|место|места|человек|чел|пассажир|попутчик|гост|взросл|seat|people|person|"
            + "passenger|guest|adult|орын|адам|жолаушы|mest|chelovek|passazhir)";
    private static final Pattern COUNTED = Pattern.compile("(\\d{1,2}|[\\p{L}]+)\\s*(?:свободн\\S*\\s+|бос\\s+|free\\s+|empty\\s+|svobodn\\S*\\s+)?" + UNIT);
    private static final Pattern CHILD = Pattern.compile("(\\d|один|одна|одним|двое|двумя|two|one|a)?\\s*(ребен|ребён|детьми|детей|child|kid|бала\\b|баламен)");
    private static final Pattern US = Pattern.compile("\\bнас\\s+(\\d|двое|трое|четверо|пятеро)\\b|\\b(\\d|two|three|four|five)\\s+of us\\b");
    private static final Pattern PHONE = Pattern.compile("(?:\\+?[78])[\\s(\\-]*\\d{3}[\\s)\\-]*\\d{3}[\\s\\-]*\\d{2}[\\s\\-]*\\d{2}");
    private static final Pattern BUDGET = Pattern.compile("(?:до|не дороже|дешевле|максимум|max|under|up to|below|within|do|не более|"
            + "не больше)\\s*(\\d[\\d\\s]*)\\s*(тыс|тысяч|к\\b|k\\b|мың|000)?");
    private static final Pattern BUDGET_KK = Pattern.compile("(\\d[\\d\\s]*)\\s*(мың|тыс|k)?\\s*(?:теңгеге|теңгеден|тг-ге|₸-ге)?\\s*(?:дейін|дейин|аспа|артық емес)");

    /** Amenities by the words that name them, in the contract's canonical names. */
    private static final Map<String, List<String>> AMENITY_WORDS = new LinkedHashMap<>();

    static {
        AMENITY_WORDS.put("wifi", List.of("wi-fi", "wifi", "вайфа", "вай-фа", "интернет", "internet", "вифи"));
        AMENITY_WORDS.put("parking", List.of("парков", "паркинг", "parking", "тұрақ", "машину поставить", "parkov"));
        AMENITY_WORDS.put("balcony", List.of("балкон", "balcony", "лоджи", "balkon"));
        AMENITY_WORDS.put("washer", List.of("стиральн", "стирал", "washer", "washing", "кір жуғыш", "постирать"));
        AMENITY_WORDS.put("kitchen", List.of("кухн", "kitchen", "ас үй", "готовить"));
        AMENITY_WORDS.put("air_conditioning", List.of("кондиц", "кондей", "air condition", "aircon", " ac ", "кондиционер"));
        AMENITY_WORDS.put("pets", List.of("собак", "кошк", " кот ", " котом", " котик", " котя", "животн", "питом", "пёс", "пес ",
                "dog", " cat", " pet ", " pets", "pet-friendly", "pet friendly", " ит ", " итпен", " итім", "мысық", "жануар", "собачк", "sobak", "koshk", "zhivotn"));
        AMENITY_WORDS.put("elevator", List.of("лифт", "elevator", "lift"));
        AMENITY_WORDS.put("kids", List.of("с детьми", "детск", "для детей", "кроватк", "with kids", "with children",
                "kids", "балалар", "балаларға", "манеж", "s detmi", "detsk", "с ребенком", "с ребёнком"));
    }

    private Counts() {
    }

    /** How many people: "2 места", "на двоих", "трое", "2 взрослых и ребенок" (3), "екі адам". */
    static Optional<Integer> people(String text) {
        String t = " " + text.toLowerCase().replace('ё', 'е') + " ";
        int total = 0;
        Matcher counted = COUNTED.matcher(t);
        while (counted.find()) {
            Integer n = number(counted.group(1));
            if (n != null && n >= 1 && n <= 20) {
                total += n;
                if (!counted.group(2).startsWith("взросл") && !counted.group(2).startsWith("adult")) {
                    break;
                }
            }
        }
        if (total == 0) {
            Matcher us = US.matcher(t);
            if (us.find()) {
                Integer n = number(us.group(1) != null ? us.group(1) : us.group(2));
                total = n == null ? 0 : n;
            }
        }
        if (total == 0) {
            for (String word : t.split("[^\\p{L}]+")) {
                Integer n = PEOPLE_WORDS.get(word);
                if (n != null) {
                    total = n;
                    break;
                }
            }
        }
        if (total > 0) {
            Matcher child = CHILD.matcher(t);
            if (child.find() && (t.contains("взросл") || t.contains("adult")
                    || t.matches(".*(\\sи|and|плюс|\\+)\\s*(\\d|один|одна|a|one|two|двое)?\\s*(ребен|ребён|child|kid).*"))) {
                Integer kids = child.group(1) == null ? Integer.valueOf(1) : number(child.group(1));
                total += kids == null ? 1 : kids;
            }
            return Optional.of(total);
        }
        return Optional.empty();
    }

    private static Integer number(String word) {
        if (word.matches("\\d{1,2}")) {
            return Integer.parseInt(word);
        }
        if (word.equals("двумя")) {
            return 2;
        }
        return NUMBER_WORDS.get(word);
    }

    /** A Kazakhstan phone number in E.164. */
    static Optional<String> phone(String text) {
        Matcher m = PHONE.matcher(text);
        while (m.find()) {
            Optional<String> phone = TextInputs.phone(m.group().trim());
            if (phone.isPresent()) {
                return phone;
            }
        }
        return Optional.empty();
    }

    private static final Map<String, Long> THOUSANDS = Map.ofEntries(Map.entry("десят", 10L), Map.entry("пятнадцат", 15L),
            Map.entry("двадцати пят", 25L), Map.entry("двадцать пят", 25L), Map.entry("двадцат", 20L),
            Map.entry("тридцат", 30L), Map.entry("сорок", 40L), Map.entry("пятидесят", 50L), Map.entry("пятьдесят", 50L),
            Map.entry("он бес", 15L), Map.entry("жиырма бес", 25L), Map.entry("жиырма", 20L), Map.entry("отыз", 30L),
            Map.entry("twenty five", 25L), Map.entry("twenty", 20L), Map.entry("fifteen", 15L), Map.entry("thirty", 30L),
            Map.entry("ten", 10L));
    private static final Pattern BUDGET_WORDS = Pattern.compile("(?:до|не дороже|under|up to|максимум)\\s+([\\p{L} ]{3,20}?)\\s*(?:тысяч|тыс|thousand|мың)");

    /** The most a guest pays per night: "до 20000", "до 20 тыс", "не дороже 15к", "25 мың теңгеге дейін". */
    static Optional<Long> budget(String text) {
        String t = text.toLowerCase();
        Matcher m = BUDGET.matcher(t);
        while (m.find()) {
            Optional<Long> amount = amount(m.group(1), m.group(2));
            if (amount.isPresent()) {
                return amount;
            }
        }
        Matcher kk = BUDGET_KK.matcher(t);
        if (kk.find()) {
            return amount(kk.group(1), kk.group(2));
        }
        Matcher words = BUDGET_WORDS.matcher(t);
        if (words.find()) {
            String said = words.group(1).trim();
            return THOUSANDS.entrySet().stream().filter(e -> said.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(e -> e.getValue() * 1000);
        }
        return Optional.empty();
    }

    private static Optional<Long> amount(String digits, String unit) {
        String clean = digits.replaceAll("\\s", "");
        if (clean.isEmpty() || clean.length() > 7) {
            return Optional.empty();
        }
        long value = Long.parseLong(clean);
        if (unit != null && !unit.equals("000") && value < 1000) {
            value *= 1000;
        } else if ("000".equals(unit)) {
            value *= 1000;
        }
        return value >= 1000 ? Optional.of(value) : Optional.empty();
    }

    /** The canonical amenities said, in the order the text says them. */
    static List<String> amenities(String text) {
        String t = " " + text.toLowerCase().replace('ё', 'е') + " ";
        List<int[]> found = new ArrayList<>();
        List<String> names = new ArrayList<>(AMENITY_WORDS.keySet());
        for (int i = 0; i < names.size(); i++) {
            int first = -1;
            for (String word : AMENITY_WORDS.get(names.get(i))) {
                int at = t.indexOf(word);
                if (at >= 0 && (first < 0 || at < first)) {
                    first = at;
                }
            }
            if (first >= 0) {
                found.add(new int[] {first, i});
            }
        }
        found.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<String> said = new ArrayList<>();
        found.forEach(f -> said.add(names.get(f[1])));
        return said;
    }
}
