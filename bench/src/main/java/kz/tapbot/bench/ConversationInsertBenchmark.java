package kz.tapbot.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import org.apache.lucene.util.VectorUtil;

/**
 * What ai-service's `conversations` collection costs to write: dialog messages embedded as ai-service embeds them
 * (ngram-768) and upserted one by one at a steady rate into the embedded store, which commits every
 * BENCH_COMMIT_SECONDS (1; ai-service's `conversations` uses 5) and merges in the background as it does in the
 * service. For each HNSW ef_construct given, the process's CPU time per message (merges included), and the recall@10
 * of unfiltered searches against exact ones over the same points.
 *
 * <p>Arguments: messages, rate per second, then the ef_construct values (the first is the baseline).
 */
public final class ConversationInsertBenchmark {

    /** How often the store commits (BENCH_COMMIT_SECONDS, 1: the store's default). */
    private static final Duration COMMIT_EVERY = Duration.ofMillis(
            Math.round(1000 * Double.parseDouble(System.getenv().getOrDefault("BENCH_COMMIT_SECONDS", "1"))));

    private static final String[] TEXTS = {
        "такси из Алматы в Астану завтра на 2 места", "/start", "квартира в Астане на 3 ночи с балконом",
        "сколько стоит багаж", "Ертең Алматыдан Шымкентке 1 орын", "need a flat in Almaty for 2 nights with wifi",
        "Ваша поездка забронирована: Алматы → Астана, 2 места, водитель Ерлан", "Выберите дату поездки",
        "можно с собакой?", "Бронь подтверждена: студия у вокзала, 28-30 ноября", "отменить бронь", "+7 701 *** 4567",
    };
    private static final int SEARCHES = 200;

    private ConversationInsertBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        NgramEmbedder embedder = new NgramEmbedder(768);
        Random random = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            // a chat's words and a number: many near-duplicates, as dialogs repeat the same steps
            vectors.add(embedder.embed(TEXTS[random.nextInt(TEXTS.length)] + " " + random.nextInt(50_000)));
        }
        List<float[]> queries = new ArrayList<>();
        for (int i = 0; i < SEARCHES; i++) {
            queries.add(embedder.embed(TEXTS[random.nextInt(TEXTS.length)] + " " + random.nextInt(50_000)));
        }
        // the JIT compiles the graph's code during the first run: measured, it made that run's CPU twice the next one's
        long warmUp = System.nanoTime();
        for (int round = 0; round < 3; round++) {
            run(VectorStore.Graph.DEFAULT.efConstruct(), vectors.subList(0, Math.min(5_000, messages)), List.of(),
                    Integer.MAX_VALUE, false);
        }
        System.out.printf("(warm-up: %.1f s)%n", (System.nanoTime() - warmUp) / 1e9);
        System.out.printf("%,d messages at %d/s, ngram-768, cosine, m 16, commit every %s%n", messages, rate,
                COMMIT_EVERY);
        System.out.println("| ef_construct | CPU per message (merges included) | wall | recall@10 (unfiltered)"
                + " | the same, ties counted |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 2; i < args.length; i++) {
            run(Integer.parseInt(args[i]), vectors, queries, rate, true);
        }
    }

    private static void run(int efConstruct, List<float[]> vectors, List<float[]> queries, int rate, boolean print)
            throws Exception {
        Path dir = Files.createTempDirectory("conversations-bench");
        List<String> ids = new ArrayList<>();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] recall;
        long cpu;
        long wall;
        try (LuceneVectorStore store = new LuceneVectorStore(dir, COMMIT_EVERY)) {
            store.createCollection("conversations", 768, VectorStore.Distance.COSINE, new VectorStore.Graph(16,
                    efConstruct));
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            for (int i = 0; i < vectors.size(); i++) {
                long due = start + (long) i * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String id = UUID.randomUUID().toString();
                ids.add(id);
                store.upsert("conversations", List.of(new VectorStore.Point(id, vectors.get(i),
                        Map.of("user_id", String.valueOf(i % 500)))));
            }
            Thread.sleep(print ? 2_000 : 0); // the last commit and the merges it starts
            cpu = os.getProcessCpuTime() - cpuBefore;
            wall = System.nanoTime() - start;
            recall = queries.isEmpty() ? new double[2] : recall(store, vectors, ids, queries);
        }
        if (print) {
            System.out.printf("| %d | %.0f µs | %.1f s | %.4f | %.4f |%n", efConstruct, cpu / 1e3 / vectors.size(),
                    wall / 1e9, recall[0], recall[1]);
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /**
     * Recall@10 against exact search, twice: strictly (the exact top 10's ids) and with ties counted (a point found
     * counts if its exact score is as good as the exact tenth's). Dialogs repeat texts word for word, so many points
     * share a vector, and which of a tied group a search returns is arbitrary: only the second tells a worse graph.
     */
    private static double[] recall(VectorStore store, List<float[]> vectors, List<String> ids, List<float[]> queries) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            index.put(ids.get(i), i);
        }
        int strict = 0;
        int withTies = 0;
        for (float[] query : queries) {
            double[] scores = new double[vectors.size()];
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < vectors.size(); i++) {
                scores[i] = VectorUtil.cosine(query, vectors.get(i)); // exact, over every point
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(scores[b], scores[a]));
            Set<String> exact = new HashSet<>();
            order.subList(0, 10).forEach(i -> exact.add(ids.get(i)));
            double tenth = scores[order.get(9)];
            for (VectorStore.ScoredPoint point : store.search("conversations", query, null, 10)) {
                if (exact.contains(point.id())) {
                    strict++;
                }
                if (scores[index.get(point.id())] >= tenth - 1e-6) {
                    withTies++;
                }
            }
        }
        return new double[] {strict / (10.0 * queries.size()), withTies / (10.0 * queries.size())};
    }
}
