package kz.tapbot.ai.nlu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides what a message wants: cue words of each intent (Russian, Kazakh, English, Latin
 * transliteration; stems, so case endings and small typos still match) weighed in a fixed order, then
 * a naive Bayes classifier trained on the examples kept in the repo for what the cues leave open.
 */
final class Intents {

    /** What the intent decision may look at besides the words. */
    record Signals(int cities, boolean route, boolean hasDate, boolean hasPeople, boolean hasStay, String bot) {
    }

    /** The intent and how sure the parser is of it. */
    record Decision(String intent, double confidence) {
    }

    private static final Pattern STATUS = cues("где (мой |же )?водител", "водитель где", "водитель не", "статус", "подтвердил",
            "подтверждена ли", "подтверждена\\?", "расталды ма", "расталды", "where is my", "where's my", "has the driver",
            "is my booking", "is my ride", "accepted my", "когда приедет", "во сколько (моя|у меня|мой)", "проверьте бронь",
            "моя бронь", "қайда", "still waiting", "жду водител", "уже .*жду", "приедет ли", "gde voditel", "my booking status",
            "confirmed my", "бронь подтвержд", "какой статус", "что с моей", "что с бронь", "когда будет машина",
            "did the landlord", "хозяин ответил", "иесі жауап", "в силе", "still on", "актуальн", "скоро будет",
            "на месте стою", "где машина", "принят[аы]?\\?", "номер машины", "қашан келеді", "сапарым қашан", "on the way",
            "is my .* confirmed", "is my .* booked", "когда приедет", "где такси", "сколько ждать", "how long .* wait",
            "driver coming", "өтінішім", "voditel gde", "расталды ма", "подтвердили", "приняли заявку", "қабылданды ма");
    private static final Pattern CANCEL = cues("отмен", "отказ", "cancel", "бас тарт", "жою", "жойың", "жойыңыз", "otmen",
            "не поеду", "не нужна больше", "не нужно больше", "снимите бронь", "удалите бронь", "аннулир", "бронын жой",
            "болдырма", "drop my booking", "call off", "снимите", "отмена\\b", "не актуальн", "передумал",
            "\\bне надо", "удалите", "отмин", "уберите", "алып таста", "udalit", "otmenit", "ne nado", "no longer need",
            "don't need", "керек емес");
    private static final Pattern HELP = cues("умеешь", "умеет", "помощь", "помоги", "команд", "как пользоваться",
            "как работает", "\\bhelp\\b", "how does", "how do i use", "what can you", "commands", "не істей", "көмек",
            "kak polzovat", "что ты можешь", "что можешь", "инструкци", "не біле", "қалай қолдан", "how to use", "menu",
            "меню", "функци", "как заказать", "как забронировать", "через бот", "how do i book", "how to book",
            "how do i order", "қалай тапсырыс", "қалай брондау", "как оформить", "как тут", "не понимаю", "with this bot",
            "через этот бот", "как это работает", "түсінбеймін", "не разобрался", "не разобралась");
    private static final Pattern STRONG_HELP = cues("помощь", "помоги", "команд", "как пользоваться", "көмек", "қолдан",
            "\\bhelp\\b", "commands", "how does this", "инструкци", "не понимаю", "как тут", "with this bot",
            "через этот бот", "түсінбеймін", "через бота", "как мне забронировать");
    private static final Pattern POLICY_QUESTION = cues("за сколько", "можно ли", "бесплатно", "штраф", "правила",
            "услови", "how long before", "for free", "free of charge", "penalty", "тегін", "айыппұл", "деньги", "вернут", "refund", "money back");
    private static final Pattern GREETING = cues("привет", "здравств", "здрасте", "добрый (день|вечер|утро)", "доброе утро",
            "салем", "сәлем", "салам", "сәлеметсіз", "hello", "\\bhi\\b", "\\bhey\\b", "good (morning|evening|afternoon)",
            "ассалау", "қайырлы", "privet", "hallo", "хай\\b", "йоу", "qaiyrly", "здорово", "доброго времени", "доброй ночи", "салют", "хэллоу", "хелло", "армысыз", "армысың",
            "\\bhowdy\\b", "ассаляму");
    private static final Pattern FAQ = cues("сколько стоит", "сколько стоят", "есть ли скидк", "сколько будет стоить", "цена", "цены", "стоимост", "можно ли",
            "можно с ", "а можно", "с котом можно", "нужн[ыо]? (ли )?документ", "документ", "залог", "депозит", "оплат",
            "картой", "наличн", "kaspi", "каспи", "возврат", "how much", "\\bcost", "price", "deposit", "can i pay",
            "documents", "бола ма", "болады ма", "қанша тұрады", "бағасы", "құжат", "төле", "как стать", "how to become",
            "how do i become", "штраф", "правила отмены", "условия", "можно заселиться", "заселени", "check-in time",
            "во сколько заселение", "сколько берете", "скидк", "discount", "refund", "pay by", "policy", "тариф",
            "можно ли курить", "allowed", "разрешают", "разрешено", "разрешается", "нужен ли", "нужна ли", "паспорт",
            "деньги верн", "вернут", "комисси", "кепіл", "что нужно", "через вас", "сколько ехать", "\\bid\\b",
            "do i need", "how long does", "удостоверени", "чек", "invoice", "страховк", "пустят", "пускают",
            "можно взять", "ақы", "mozhno li", "skolko stoit", "cash", "by card", "\\bcard\\b", "қалай болады", "stoit", "skolko", "жүргізуші болу", "пәтер беру", "сдать свою");
    private static final Pattern BOOKING_VERB = cues("нужн[аоы]", "нужен", "ищу", "сниму", "снять", "забронир", "хочу",
            "\\bbook\\b", "need a", "need an", "looking for", "керек", "іздеймін", "ізде", "брондау", "надо", "ищем",
            "подскажите квартиру", "want to rent", "want a", "i'd like", "would like", "nuzhn", "ishu", "хотим");
    private static final Pattern OFFER = cues("\\bеду\\b", "выезжаю", "поеду", "возьму", "беру", "свободн\\S* мест",
            "мест(а|о)? свободн", "ищу пассажир", "попутчик", "driving", "i'm a driver", "i am a driver", "я водитель",
            "водитель,", "бос орын", "орын бос", "барамын", "жүремін", "аламын", "\\bedu\\b", "vyezzha", "free seats",
            "can take", "seats available", "есть \\S*\\s?мест", "еду в", "еду из", "кто в", "кто едет со мной",
            "taking passengers", "жолаушы ал", "svobodn", "выезд в", "едем в", "отправляюсь", "leaving for",
            "\\bi drive\\b", "seats free", "seats left", "i'm driving", "going .* can take", "беру попутчик",
            "могу взять", "предлагаю поездку", "разместите мою поездку", "опубликуйте поездку", "кто со мной",
            "жүргізушімін", "шығамын", "leaving \\S+ for", "room for \\d", "offering a ride", "beru poputchik",
            "мой маршрут", "возьму попутчик", "ищу попутчик", "кто едет", "я на машине", "на своей машине",
            "empty seats", "can give a ride", "have \\d+ (free )?seats");
    private static final Pattern SEEKS_RIDE = cues("ищу машин", "ищу такси", "нужн\\S* машин", "нужн\\S* такси",
            "need a (ride|car|taxi|lift)", "looking for a (ride|car|driver)", "көлік керек", "такси керек", "ishu mashin",
            "закажите", "вызовите", "есть ли такси", "есть ли машин", "is there a (ride|car|taxi)", "any (ride|car|taxi)",
            "can i get a ride", "возьмите меня", "take me");
    private static final Pattern APARTMENT = cues("квартир", "жиль", "сним", "сдает", "сдаёт", "посуточ", "сутк", "суток",
            "ночев", "переноч", "апарт", "студи", "комнат", "пәтер", "тәулік", "apartment", "\\bflat", "accommodation",
            "place to stay", "kvartir", "\\broom\\b(?! for)", "гостиниц", "отел", "hotel", "хостел", "\\bstay\\b", "nights?\\b",
            "\\bноч(ь|и|ей)\\b", "жилье", "заселен", "бронь квартир", "бронь жиль", "двушк", "однушк", "трешк", "үй керек",
            "landlord", "хозяин", "иесі", "check in", "check-in", "sutki", "sdayu", "сдам", "түнеу", "жатын",
            "\\bхат[аеуы]\\b", "аренд");
    private static final Pattern TAXI = cues("такси", "машин", "водител", "подвез", "довез", "доехать", "доеду", "уехать",
            "ехать", "поездк", "попутк", "\\bride", "taxi", "\\bcar\\b", "\\blift\\b", "driver", "taksi", "mashin", "көлік",
            "жүргізуші", "сапар", "трансфер", "transfer", "\\bseat", "место до", "место в", "мест до", "орын", "жол",
            "poezdk", "barу", "бару", "баратын", "кетуім", "уеду", "добраться", "get to", "go to", "travel", "поехать",
            "маршрут", "межгород", "билет");
    private static final Pattern QUESTION = cues("\\?", "можно", "сколько", "\\bкак\\b", "нужн[ыо]? ли", "бола ма", "қанша",
            "\\bhow\\b", "\\bcan i\\b", "какие", "какой", "какая", "\\bwhich\\b", "\\bли\\b", "\\bwhat\\b", "\\bdo i\\b", "\\bis it\\b", "\\bma\\b", "\\bме\\b", "ли\\b", "\\bдо скольки");

    private final NaiveBayes classifier;

    Intents(NaiveBayes classifier) {
        this.classifier = classifier;
    }

    Decision decide(String text, Signals signals) {
        String t = " " + text.toLowerCase().replace('ё', 'е') + " ";
        boolean apartment = APARTMENT.matcher(t).find();
        boolean taxi = TAXI.matcher(t).find();
        boolean bookingVerb = BOOKING_VERB.matcher(t).find();
        boolean apartmentContext = !signals.route() && (apartment && !taxi
                || !taxi && !apartment && "apartments".equals(signals.bot())
                || apartment && taxi && "apartments".equals(signals.bot()));
        boolean question = QUESTION.matcher(t).find();
        boolean cancel = CANCEL.matcher(t).find();
        if (STATUS.matcher(t).find() && !cancel) {
            return new Decision("booking.status", 0.9);
        }
        if (cancel && question && POLICY_QUESTION.matcher(t).find()) {
            return new Decision("faq", 0.85);
        }
        if (cancel) {
            return new Decision(apartmentContext ? "apartment.cancel" : "taxi.cancel", 0.9);
        }
        boolean help = HELP.matcher(t).find() && (!bookingVerb || STRONG_HELP.matcher(t).find());
        if (help && signals.cities() == 0 && !signals.hasDate()) {
            return new Decision("help", 0.9);
        }
        int words = t.trim().split("\\s+").length;
        boolean greeting = GREETING.matcher(t).find();
        if (greeting && words <= 5 && signals.cities() == 0 && !bookingVerb && !FAQ.matcher(t).find()) {
            return new Decision("greeting", 0.9);
        }
        boolean concreteRequest = signals.hasDate() || signals.hasStay() && signals.cities() > 0;
        if (FAQ.matcher(t).find() && (question || !bookingVerb) && !concreteRequest) {
            return new Decision("faq", 0.85);
        }
        boolean wantsARide = SEEKS_RIDE.matcher(t).find();
        if (OFFER.matcher(t).find() && !apartment && !wantsARide && (signals.cities() > 0 || signals.hasPeople() || taxi)) {
            return new Decision("taxi.offer", 0.85);
        }
        if (apartmentContext && (apartment || signals.cities() > 0 || signals.hasStay() || bookingVerb)) {
            return new Decision("apartment.search", 0.85);
        }
        if (taxi || signals.cities() >= 2 || signals.cities() == 1 && (signals.hasDate() || signals.hasPeople())) {
            return new Decision("taxi.book", 0.85);
        }
        NaiveBayes.Guess guess = classifier.classify(t);
        if (guess.probability() >= 0.6) {
            return new Decision(guess.label(), Math.min(0.8, guess.probability()));
        }
        return new Decision("unknown", 0.5);
    }

    static boolean mentionsApartment(String text) {
        return APARTMENT.matcher(" " + text.toLowerCase() + " ").find();
    }

    static boolean mentionsTaxi(String text) {
        return TAXI.matcher(" " + text.toLowerCase() + " ").find();
    }

    private static Pattern cues(String... cues) {
        return Pattern.compile(String.join("|", cues));
    }

    /** A small multinomial naive Bayes over word stems and stem pairs, trained on labelled examples. */
    static final class NaiveBayes {

        record Guess(String label, double probability) {
        }

        private final Map<String, Map<String, Integer>> counts = new HashMap<>();
        private final Map<String, Integer> totals = new HashMap<>();
        private final Map<String, Integer> documents = new HashMap<>();
        private final java.util.Set<String> vocabulary = new java.util.HashSet<>();
        private int allDocuments;

        void learn(String text, String label) {
            allDocuments++;
            documents.merge(label, 1, Integer::sum);
            for (String feature : features(text)) {
                counts.computeIfAbsent(label, l -> new HashMap<>()).merge(feature, 1, Integer::sum);
                totals.merge(label, 1, Integer::sum);
                vocabulary.add(feature);
            }
        }

        Guess classify(String text) {
            List<String> features = features(text);
            Map<String, Double> scores = new HashMap<>();
            for (String label : documents.keySet()) {
                double score = Math.log(documents.get(label) / (double) allDocuments);
                Map<String, Integer> c = counts.getOrDefault(label, Map.of());
                int total = totals.getOrDefault(label, 0);
                for (String f : features) {
                    score += Math.log((c.getOrDefault(f, 0) + 1.0) / (total + vocabulary.size()));
                }
                scores.put(label, score);
            }
            if (scores.isEmpty()) {
                return new Guess("unknown", 0);
            }
            double max = scores.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double sum = scores.values().stream().mapToDouble(s -> Math.exp(s - max)).sum();
            String best = scores.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            return new Guess(best, 1.0 / sum);
        }

        static List<String> features(String text) {
            String[] words = kz.tapbot.geo.KazakhText.fold(text).split("[^\\p{L}\\d]+");
            List<String> features = new java.util.ArrayList<>();
            String previous = null;
            for (String word : words) {
                if (word.isEmpty()) {
                    continue;
                }
                String stem = word.length() > 5 ? word.substring(0, 5) : word;
                features.add(stem);
                if (previous != null) {
                    features.add(previous + "_" + stem);
                }
                previous = stem;
            }
            return features;
        }
    }
}
