package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import kz.tapbot.vectors.VectorStore.Distance;
import kz.tapbot.vectors.VectorStore.GeoPoint;
import kz.tapbot.vectors.VectorStore.Point;
import kz.tapbot.vectors.VectorStore.ScoredPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every VectorStore engine must do alike. Subclasses give the engine. */
abstract class VectorStoreContract {

    protected VectorStore store;
    protected String collection;

    protected abstract VectorStore openStore();

    @BeforeEach
    void open() {
        store = openStore();
        collection = "contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static float[] v(float... values) {
        return values;
    }

    @Test
    void payloadComesBackAsItWentIn() {
        store.createCollection(collection, 3, Distance.COSINE);
        String id = id();
        Map<String, Object> payload = Map.of("city", "Almaty", "price", 15000L, "rating", 4.8,
                "amenities", List.of("wifi", "balcony"), "location", new GeoPoint(43.2389, 76.8897));
        store.upsert(collection, List.of(new Point(id, v(1, 0, 0), payload)));
        ScoredPoint found = store.search(collection, v(1, 0, 0), null, 1).get(0);
        assertEquals(id, found.id());
        assertEquals(payload, found.payload());
    }

    @Test
    void nearestComeFirstWithCosineSimilarityAsScore() {
        store.createCollection(collection, 2, Distance.COSINE);
        String same = id();
        String close = id();
        String opposite = id();
        store.upsert(collection, List.of(new Point(opposite, v(-1, 0), Map.of()), new Point(same, v(2, 0), Map.of()),
                new Point(close, v(1, 1), Map.of())));
        List<ScoredPoint> found = store.search(collection, v(1, 0), null, 3);
        assertEquals(List.of(same, close, opposite), found.stream().map(ScoredPoint::id).toList());
        assertEquals(1.0, found.get(0).score(), 1e-3);
        assertEquals(Math.sqrt(0.5), found.get(1).score(), 1e-3);
        assertEquals(-1.0, found.get(2).score(), 1e-3);
    }

    @Test
    void dotDistanceScoresAreDotProducts() {
        store.createCollection(collection, 2, Distance.DOT);
        String big = id();
        String small = id();
        store.upsert(collection, List.of(new Point(small, v(0.5f, 0), Map.of()), new Point(big, v(3, 1), Map.of())));
        List<ScoredPoint> found = store.search(collection, v(1, 0), null, 2);
        assertEquals(big, found.get(0).id());
        assertEquals(3.0, found.get(0).score(), 1e-3);
        assertEquals(0.5, found.get(1).score(), 1e-3);
    }

    @Test
    void filtersOnEqualityRangesListsAndDistance() {
        store.createCollection(collection, 2, Distance.COSINE);
        String centre = id();
        String cheapFar = id();
        String astana = id();
        store.upsert(collection, List.of(
                new Point(centre, v(1, 0), Map.of("city", "Almaty", "price", 20000L,
                        "amenities", List.of("wifi", "balcony", "parking"), "location", new GeoPoint(43.2389, 76.8897))),
                new Point(cheapFar, v(1, 0.1f), Map.of("city", "Almaty", "price", 9000L,
                        "amenities", List.of("wifi"), "location", new GeoPoint(43.60, 77.10))),
                new Point(astana, v(1, 0.2f), Map.of("city", "Astana", "price", 15000L,
                        "amenities", List.of("wifi", "balcony"), "location", new GeoPoint(51.1694, 71.4491)))));

        assertEquals(Set.of(centre, cheapFar), ids(new Filter.Equals("city", "Almaty")));
        assertEquals(Set.of(cheapFar, astana), ids(new Filter.Range("price", null, 15000.0)));
        assertEquals(Set.of(centre, astana), ids(new Filter.Range("price", 15000.0, null)));
        assertEquals(Set.of(centre, astana), ids(new Filter.ContainsAll("amenities", List.of("wifi", "balcony"))));
        assertEquals(Set.of(centre), ids(new Filter.GeoRadius("location", 43.25, 76.90, 10_000)));
        assertEquals(Set.of(centre), ids(Filter.all(new Filter.Equals("city", "Almaty"),
                new Filter.ContainsAll("amenities", List.of("parking")), new Filter.Range("price", 10000.0, 30000.0))));
        assertEquals(Set.of(), ids(Filter.all(new Filter.Equals("city", "Astana"), new Filter.Range("price", null, 10000.0))));
    }

    private Set<String> ids(Filter filter) {
        Set<String> ids = new HashSet<>();
        store.search(collection, v(1, 0), filter, 10).forEach(p -> ids.add(p.id()));
        return ids;
    }

    @Test
    void upsertReplacesAndDeleteRemoves() {
        store.createCollection(collection, 2, Distance.COSINE);
        String id = id();
        store.upsert(collection, List.of(new Point(id, v(1, 0), Map.of("price", 1000L))));
        store.upsert(collection, List.of(new Point(id, v(0, 1), Map.of("price", 2000L))));
        assertEquals(1, store.count(collection));
        ScoredPoint found = store.search(collection, v(0, 1), null, 1).get(0);
        assertEquals(2000L, found.payload().get("price"));
        store.delete(collection, List.of(id));
        assertEquals(0, store.count(collection));
        assertTrue(store.search(collection, v(0, 1), null, 5).isEmpty());
    }

    /** Loaded in several writes, searched in between (each makes a segment of the embedded index), then compacted. */
    @Test
    void compactingKeepsEveryPointAndTheSameAnswers() {
        store.createCollection(collection, 3, Distance.COSINE);
        Random random = new Random(7);
        List<String> deleted = new ArrayList<>();
        for (int batch = 0; batch < 6; batch++) {
            List<Point> points = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String city = i % 2 == 0 ? "Almaty" : "Astana";
                points.add(new Point(id(), v(random.nextFloat(), random.nextFloat(), random.nextFloat()),
                        Map.of("city", city, "price", (long) (batch * 20 + i))));
            }
            store.upsert(collection, points);
            deleted.add(points.get(0).id());
            store.search(collection, v(1, 1, 1), null, 1);
        }
        store.delete(collection, deleted);
        Filter almaty = Filter.all(new Filter.Equals("city", "Almaty"));
        List<String> before = store.search(collection, v(0.2f, 0.9f, 0.4f), almaty, 10).stream().map(ScoredPoint::id).toList();

        store.compact(collection);

        assertEquals(6 * 20 - deleted.size(), store.count(collection));
        assertEquals(before, store.search(collection, v(0.2f, 0.9f, 0.4f), almaty, 10).stream().map(ScoredPoint::id).toList());
        store.upsert(collection, List.of(new Point(id(), v(0.2f, 0.9f, 0.4f), Map.of("city", "Almaty", "price", 1L))));
        assertEquals(6 * 20 - deleted.size() + 1, store.count(collection), "the store takes writes after compacting");
    }

    @Test
    void creatingACollectionTwiceKeepsItsPoints() {
        store.createCollection(collection, 2, Distance.COSINE);
        store.upsert(collection, List.of(new Point(id(), v(1, 0), Map.of())));
        store.createCollection(collection, 2, Distance.COSINE);
        assertEquals(1, store.count(collection));
    }

    @Test
    void aDroppedCollectionIsGoneAndCanComeBackWithAnotherSize() {
        store.createCollection(collection, 3, Distance.COSINE);
        store.upsert(collection, List.of(new Point(id(), v(1, 0, 0), Map.of())));
        store.dropCollection(collection);
        store.dropCollection(collection);
        store.createCollection(collection, 2, Distance.DOT);
        assertEquals(0, store.count(collection));
        store.upsert(collection, List.of(new Point(id(), v(0, 1), Map.of())));
        assertEquals(1, store.count(collection));
    }

    @Test
    void openAiSizedVectorsOf1536DimensionsAreStoredAndFound() {
        store.createCollection(collection, 1536, Distance.COSINE);
        float[] a = new float[1536];
        float[] b = new float[1536];
        a[0] = 1;
        b[1535] = 1;
        String near = id();
        store.upsert(collection, List.of(new Point(near, a, Map.of()), new Point(id(), b, Map.of())));
        assertEquals(near, store.search(collection, a, null, 1).get(0).id());
    }

    /** Approximate search finds what exact search finds on clustered data, as listing texts are. */
    @Test
    void recallAtTenAgainstExactSearchOnClusteredVectors() {
        int dims = 64;
        store.createCollection(collection, dims, Distance.COSINE);
        Random random = new Random(42);
        List<float[]> centres = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            centres.add(randomUnit(random, dims));
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            float[] centre = centres.get(i % centres.size());
            float[] vector = new float[dims];
            for (int d = 0; d < dims; d++) {
                vector[d] = centre[d] + (float) random.nextGaussian() * 0.15f;
            }
            points.add(new Point(id(), vector, Map.of("n", (long) i)));
        }
        for (int from = 0; from < points.size(); from += 500) {
            store.upsert(collection, points.subList(from, from + 500));
        }
        double hits = 0;
        int queries = 50;
        for (int q = 0; q < queries; q++) {
            float[] query = randomNear(random, centres.get(q % centres.size()), dims);
            Set<String> exact = new HashSet<>();
            points.stream().sorted(Comparator.comparingDouble(p -> -cosine(query, p.vector()))).limit(10)
                    .forEach(p -> exact.add(p.id()));
            for (ScoredPoint found : store.search(collection, query, null, 10)) {
                hits += exact.contains(found.id()) ? 1 : 0;
            }
        }
        double recall = hits / (queries * 10.0);
        System.out.printf("recall@10 over %d queries on 4,000 clustered 64-d vectors: %.3f%n", queries, recall);
        assertTrue(recall >= 0.95, "recall@10 = " + recall);
    }

    private static float[] randomUnit(Random random, int dims) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = (float) random.nextGaussian();
        }
        return v;
    }

    private static float[] randomNear(Random random, float[] centre, int dims) {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
            v[d] = centre[d] + (float) random.nextGaussian() * 0.15f;
        }
        return v;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
