package kz.tapbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.lucene.LuceneVectorStore;

/**
 * Benchmark 5 of docs/benchmarks.md: top 10 listings out of many, with the filters the apartment bot uses
 * (city, price, guests, amenities, free dates), on the embedded store, against an exact brute-force search
 * with the same filters. Mirrors apartment-service's search: ListingIndex's collection (768 dimensions, DOT,
 * NgramEmbedder, payload city/status/price/max_guests/amenities/location, text = title, district,
 * description, amenity words) and ListingSearch's strategy (ask the store for max(limit*5, 50) candidates,
 * drop those taken on the dates, keep the best 10). The calendar lives in memory here, standing for
 * PostgreSQL's takenDuring query. Usage: RecommendationBenchmark [listings] [queries] [warm-up queries] [index dir]
 * (an index dir is kept and reused by the next run with as many listings: the listings are the same, seed 42).
 */
public final class RecommendationBenchmark {

    private static final int DIMENSIONS = 768;
    private static final int LIMIT = 10;
    private static final int HORIZON_DAYS = 120;
    private static final String COLLECTION = "apartments";

    /** Cities by share of listings: a few big ones, a long tail. */
    private static final String[] CITIES = {"Almaty", "Astana", "Shymkent", "Karaganda", "Aktau", "Aktobe", "Atyrau",
        "Pavlodar", "Oskemen", "Taraz", "Semey", "Kostanay", "Turkestan", "Kyzylorda", "Oral", "Petropavl",
        "Kokshetau", "Taldykorgan", "Konaev", "Burabay"};
    private static final double[] CITY_SHARE = {0.30, 0.22, 0.09, 0.05, 0.05, 0.04, 0.035, 0.03, 0.03, 0.025, 0.02,
        0.02, 0.02, 0.015, 0.015, 0.012, 0.01, 0.01, 0.008, 0.006};
    private static final String[] DISTRICTS = {"Медеуский", "Бостандыкский", "Алмалинский", "Есиль", "Сарыарка",
        "Алматы", "Центр", "Самал", "Мкр Аксай", "Левый берег", "Правый берег", "Абай", "Казыбек би", "Старый город"};
    private static final String[] KINDS = {"Квартира", "Студия", "Апартаменты", "Уютная квартира", "Просторная квартира",
        "Двушка", "Однушка", "Пентхаус", "Cozy flat", "Modern apartment", "Пәтер"};
    private static final String[] NEAR = {"у парка", "в центре", "рядом с метро", "у моря", "с видом на горы",
        "у Байтерека", "возле ТРЦ", "у набережной", "near the park", "рядом с университетом", "в тихом дворе"};
    private static final String[] DESCRIPTIONS = {"Тихо, светло, свежий ремонт", "Новый дом, закрытый двор",
        "Большая кровать и рабочее место", "Хорошо для семьи с детьми", "Для командировки: быстрый интернет",
        "Панорамные окна, высокий этаж", "Рядом кафе и магазины", "Можно с питомцами по договорённости",
        "Есть всё для долгого проживания", "Quiet, bright, new renovation", "Жарық, таза, жайлы пәтер",
        "Камин и тёплый пол", "Вид на горы с балкона", "Парковка во дворе бесплатно"};
    private static final String[] AMENITIES = {"wifi", "parking", "balcony", "washer", "kitchen", "air_conditioning",
        "pets", "elevator", "kids"};
    private static final Map<String, String> AMENITY_WORDS = Map.of(
            "wifi", "wifi вайфай интернет", "parking", "парковка parking тұрақ", "balcony", "балкон balcony",
            "washer", "стиральная машина washer", "kitchen", "кухня kitchen", "air_conditioning", "кондиционер",
            "pets", "можно с животными собака кошка pets", "elevator", "лифт elevator", "kids", "дети детская кроватка kids");
    private static final String[] WISHES = {"тихая квартира с балконом", "в центре с парковкой", "с видом на горы",
        "для семьи с детьми", "рядом с метро, быстрый интернет", "у моря", "можно с собакой", "новый ремонт, кондиционер",
        "cozy flat near the park", "уютная студия для командировки", "пентхаус с панорамными окнами", "тыныш пәтер",
        "квартира у Байтерека", "с кухней и стиральной машиной", "недорого, чисто"};

    record Listing(String id, int city, long price, int maxGuests, boolean active, List<String> amenities, BitSet taken,
                   float[] vector) {
        boolean freeFor(int from, int nights) {
            int next = taken.nextSetBit(from);
            return next < 0 || next >= from + nights;
        }
    }

    record Query(int city, Long budgetMax, Integer guests, List<String> amenities, Integer from, Integer nights,
                 float[] vector) {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        NgramEmbedder embedder = new NgramEmbedder(DIMENSIONS);
        Random random = new Random(42);

        long t0 = System.nanoTime();
        List<Listing> listings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            listings.add(listing(i, random, embedder));
        }
        double embedSeconds = (System.nanoTime() - t0) / 1e9;

        boolean keep = args.length > 3;
        Path dir = keep ? Files.createDirectories(Path.of(args[3])) : Files.createTempDirectory("tapbot-bench-vectors");
        try (VectorStore store = new LuceneVectorStore(dir)) {
            store.createCollection(COLLECTION, DIMENSIONS, VectorStore.Distance.DOT);
            long t1 = System.nanoTime();
            int batch = 5_000;
            boolean reuse = keep && store.count(COLLECTION) == count;
            for (int from = 0; from < count && !reuse; from += batch) {
                List<VectorStore.Point> points = new ArrayList<>();
                for (Listing l : listings.subList(from, Math.min(count, from + batch))) {
                    points.add(new VectorStore.Point(l.id(), l.vector(), payload(l)));
                }
                store.upsert(COLLECTION, points);
            }
            double indexSeconds = reuse ? Double.NaN : (System.nanoTime() - t1) / 1e9;
            // as ListingIndex.rebuild() does after a bulk load (BENCH_COMPACT=0: searched as the load left it)
            double compactSeconds = Double.NaN;
            if (!"0".equals(System.getenv("BENCH_COMPACT"))) {
                long t2 = System.nanoTime();
                store.compact(COLLECTION);
                compactSeconds = (System.nanoTime() - t2) / 1e9;
            }

            List<Query> workload = new ArrayList<>();
            for (int i = 0; i < warmUp + queries; i++) {
                workload.add(query(random, embedder));
            }
            for (Query q : workload.subList(0, warmUp)) {
                approximate(store, q, listings);
                exact(q, listings);
            }
            long[] storeNanos = new long[queries];
            long[] exactNanos = new long[queries];
            double recallSum = 0;
            int perfect = 0;
            int empty = 0;
            Map<String, double[]> byKind = new HashMap<>();
            List<long[]> timed = new ArrayList<>(); // nanos, city, listings through the payload filters, dates
            for (int i = 0; i < queries; i++) {
                Query q = workload.get(warmUp + i);
                long s = System.nanoTime();
                List<String> approx = approximate(store, q, listings);
                storeNanos[i] = System.nanoTime() - s;
                timed.add(new long[] {storeNanos[i], q.city(), passing(q, listings), q.from() == null ? 0 : 1});
                s = System.nanoTime();
                List<String> truth = exact(q, listings);
                exactNanos[i] = System.nanoTime() - s;
                double recall;
                if (truth.isEmpty()) {
                    empty++;
                    recall = approx.isEmpty() ? 1 : 0;
                } else {
                    Set<String> hit = new HashSet<>(truth);
                    hit.retainAll(approx);
                    recall = hit.size() / (double) truth.size();
                }
                recallSum += recall;
                perfect += recall == 1 ? 1 : 0;
                String kind = CITY_SHARE[q.city()] >= 0.05 ? "big city" : "small city";
                kind += q.from() == null ? ", no dates" : ", dates";
                double[] acc = byKind.computeIfAbsent(kind, k -> new double[2]);
                acc[0] += recall;
                acc[1]++;
            }
            Arrays.sort(storeNanos);
            Arrays.sort(exactNanos);
            System.out.printf(Locale.ROOT, "listings=%d%n", count);
            System.out.printf(Locale.ROOT, "embed_seconds=%.1f%n", embedSeconds);
            System.out.printf(Locale.ROOT, "index_seconds=%.1f%n", indexSeconds);
            System.out.printf(Locale.ROOT, "compact_seconds=%.1f%n", compactSeconds);
            System.out.printf(Locale.ROOT, "queries=%d%n", queries);
            System.out.printf(Locale.ROOT, "warm_up=%d%n", warmUp);
            System.out.printf(Locale.ROOT, "store_p50_ms=%.2f%n", ms(storeNanos, 0.50));
            System.out.printf(Locale.ROOT, "store_p99_ms=%.2f%n", ms(storeNanos, 0.99));
            System.out.printf(Locale.ROOT, "store_max_ms=%.2f%n", storeNanos[queries - 1] / 1e6);
            System.out.printf(Locale.ROOT, "exact_p50_ms=%.2f%n", ms(exactNanos, 0.50));
            System.out.printf(Locale.ROOT, "exact_p99_ms=%.2f%n", ms(exactNanos, 0.99));
            System.out.printf(Locale.ROOT, "exact_max_ms=%.2f%n", exactNanos[queries - 1] / 1e6);
            System.out.printf(Locale.ROOT, "recall_at_10=%.4f%n", recallSum / queries);
            System.out.printf(Locale.ROOT, "queries_with_full_recall=%d%n", perfect);
            System.out.printf(Locale.ROOT, "queries_with_no_match=%d%n", empty);
            int[] perCity = cityCounts(listings);
            timed.stream().sorted(Comparator.comparingLong((long[] t) -> t[0]).reversed()).limit(12).forEach(slow ->
                    System.out.printf(Locale.ROOT, "slow_query=%.2f ms, %s (%d listings), %d through the filters%s%n",
                            slow[0] / 1e6, CITIES[(int) slow[1]], perCity[(int) slow[1]], slow[2],
                            slow[3] == 1 ? ", dates" : ""));
            byKind.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> System.out.printf(Locale.ROOT,
                    "recall_at_10[%s]=%.4f (%d queries)%n", e.getKey(), e.getValue()[0] / e.getValue()[1],
                    (int) e.getValue()[1]));
        } finally {
            if (!keep) {
                try (var paths = Files.walk(dir)) {
                    for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    /** ListingSearch.search: candidates from the store with the payload filters, then the free dates, best 10. */
    private static List<String> approximate(VectorStore store, Query q, List<Listing> listings) {
        List<VectorStore.ScoredPoint> candidates = store.search(COLLECTION, q.vector(), filter(q),
                Math.max(LIMIT * 5, 50));
        List<String> found = new ArrayList<>();
        for (VectorStore.ScoredPoint p : candidates) {
            if (found.size() == LIMIT) {
                break;
            }
            Listing l = listings.get(Integer.parseInt(p.id().substring(p.id().lastIndexOf('-') + 1)));
            if (q.from() == null || l.freeFor(q.from(), q.nights())) {
                found.add(p.id());
            }
        }
        return found;
    }

    /** Listings the store's payload filters let through for this query (the dates are checked after). */
    private static long passing(Query q, List<Listing> listings) {
        return listings.stream().filter(l -> l.city() == q.city() && l.active()
                && (q.guests() == null || l.maxGuests() >= q.guests())
                && (q.budgetMax() == null || l.price() <= q.budgetMax())
                && (q.amenities() == null || l.amenities().containsAll(q.amenities()))).count();
    }

    private static int[] cityCounts(List<Listing> listings) {
        int[] counts = new int[CITIES.length];
        listings.forEach(l -> counts[l.city()]++);
        return counts;
    }

    /** The baseline: every listing checked against the same conditions, scored, the best 10 kept. */
    private static List<String> exact(Query q, List<Listing> listings) {
        List<Map.Entry<String, Float>> scored = new ArrayList<>();
        for (Listing l : listings) {
            if (l.city() != q.city() || !l.active()
                    || (q.guests() != null && l.maxGuests() < q.guests())
                    || (q.budgetMax() != null && l.price() > q.budgetMax())
                    || (q.amenities() != null && !l.amenities().containsAll(q.amenities()))
                    || (q.from() != null && !l.freeFor(q.from(), q.nights()))) {
                continue;
            }
            scored.add(Map.entry(l.id(), dot(q.vector(), l.vector())));
        }
        scored.sort(Map.Entry.<String, Float>comparingByValue().reversed());
        return scored.stream().limit(LIMIT).map(Map.Entry::getKey).toList();
    }

    private static Filter filter(Query q) {
        List<Filter> conditions = new ArrayList<>();
        conditions.add(new Filter.Equals("city", CITIES[q.city()]));
        conditions.add(new Filter.Equals("status", "active"));
        if (q.guests() != null) {
            conditions.add(new Filter.Range("max_guests", (double) q.guests(), null));
        }
        if (q.budgetMax() != null) {
            conditions.add(new Filter.Range("price", null, (double) q.budgetMax()));
        }
        if (q.amenities() != null) {
            conditions.add(new Filter.ContainsAll("amenities", q.amenities()));
        }
        return new Filter.All(conditions);
    }

    private static Listing listing(int i, Random random, NgramEmbedder embedder) {
        int city = pickCity(random);
        double cityFactor = city < 2 ? 1.3 : city < 5 ? 1.0 : 0.75;
        long price = Math.max(5_000, Math.round(Math.exp(9.7 + 0.45 * random.nextGaussian()) * cityFactor / 500) * 500);
        int maxGuests = 1 + Math.min(7, (int) Math.abs(random.nextGaussian() * 2.5));
        List<String> amenities = new ArrayList<>();
        for (String a : AMENITIES) {
            if (random.nextDouble() < (a.equals("wifi") || a.equals("kitchen") ? 0.85 : 0.35)) {
                amenities.add(a);
            }
        }
        BitSet taken = new BitSet(HORIZON_DAYS);
        // a calendar 25-60% booked, in stays of 1-7 nights
        double occupancy = 0.25 + 0.35 * random.nextDouble();
        for (int day = 0; day < HORIZON_DAYS; ) {
            int nights = 1 + random.nextInt(7);
            if (random.nextDouble() < occupancy) {
                taken.set(day, Math.min(HORIZON_DAYS, day + nights));
            }
            day += nights;
        }
        String text = KINDS[random.nextInt(KINDS.length)] + " " + NEAR[random.nextInt(NEAR.length)] + ". "
                + DISTRICTS[random.nextInt(DISTRICTS.length)] + ". " + DESCRIPTIONS[random.nextInt(DESCRIPTIONS.length)]
                + ". " + DESCRIPTIONS[random.nextInt(DESCRIPTIONS.length)] + ". ";
        StringBuilder described = new StringBuilder(text);
        amenities.forEach(a -> described.append(AMENITY_WORDS.get(a)).append(". "));
        String id = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i);
        return new Listing(id, city, price, maxGuests, random.nextDouble() < 0.95, List.copyOf(amenities), taken,
                embedder.embed(described.toString()));
    }

    private static Map<String, Object> payload(Listing l) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("apartment_id", l.id());
        payload.put("city", CITIES[l.city()]);
        payload.put("price", l.price());
        payload.put("max_guests", (long) l.maxGuests());
        payload.put("amenities", l.amenities());
        payload.put("status", l.active() ? "active" : "paused");
        return payload;
    }

    /** A guest's search: cities as often as their listings, each filter present in part of the queries. */
    private static Query query(Random random, NgramEmbedder embedder) {
        int city = pickCity(random);
        Long budget = random.nextDouble() < 0.6 ? (long) (10_000 + 1_000 * random.nextInt(30)) : null;
        Integer guests = random.nextDouble() < 0.6 ? 1 + random.nextInt(5) : null;
        List<String> amenities = random.nextDouble() < 0.25
                ? List.of(AMENITIES[random.nextInt(AMENITIES.length)]) : null;
        Integer from = null;
        Integer nights = null;
        if (random.nextDouble() < 0.7) {
            nights = 1 + random.nextInt(7);
            from = random.nextInt(HORIZON_DAYS - nights);
        }
        return new Query(city, budget, guests, amenities, from, nights,
                embedder.embed(WISHES[random.nextInt(WISHES.length)]));
    }

    private static int pickCity(Random random) {
        double r = random.nextDouble() * Arrays.stream(CITY_SHARE).sum();
        for (int i = 0; i < CITY_SHARE.length; i++) {
            r -= CITY_SHARE[i];
            if (r <= 0) {
                return i;
            }
        }
        return CITY_SHARE.length - 1;
    }

    private static float dot(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
