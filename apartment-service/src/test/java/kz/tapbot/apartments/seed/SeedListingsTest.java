package kz.tapbot.apartments.seed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kz.tapbot.apartments.api.ListingsResource.ListingInput;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedListingsTest {

    @Test
    void theSeedCoversThreeCitiesWithValidListings() {
        List<ListingInput> seed = SeedListings.generate(210, 2026);
        assertEquals(210, seed.size());
        assertEquals(Set.of("Almaty", "Astana", "Shymkent"), new HashSet<>(seed.stream().map(ListingInput::city).toList()));
        assertEquals(210, new HashSet<>(seed.stream().map(ListingInput::externalId).toList()).size());
        seed.forEach(l -> assertTrue(l.pricePerNight() > 0 && l.maxGuests() >= 1 && l.lat() != null));
        assertEquals(seed, SeedListings.generate(210, 2026), "deterministic");
    }

    /** The embedded index finds what exact search finds on the seed listings, for typical wishes. */
    @Test
    void recallAtTenOfTheEmbeddedIndexOnTheSeedListings(@TempDir Path dir) {
        NgramEmbedder embedder = new NgramEmbedder(768);
        List<ListingInput> seed = SeedListings.generate(210, 2026);
        Map<String, float[]> vectors = new java.util.HashMap<>();
        try (VectorStore store = new LuceneVectorStore(dir)) {
            store.createCollection("apartments", 768, VectorStore.Distance.DOT);
            List<VectorStore.Point> points = new java.util.ArrayList<>();
            for (ListingInput l : seed) {
                String id = UUID.nameUUIDFromBytes(l.externalId().getBytes()).toString();
                float[] v = embedder.embed(l.title() + ". " + l.description());
                vectors.put(id, v);
                points.add(new VectorStore.Point(id, v, Map.of("city", l.city())));
            }
            store.upsert("apartments", points);
            List<String> wishes = List.of("тихо, с балконом, рядом с метро", "можно с собакой", "парковка и кондиционер",
                    "вид на горы", "рядом с парком, детская кроватка", "кухня и стиральная машина", "центр",
                    "Wi-Fi и лифт", "у набережной", "рядом с вокзалом");
            double hits = 0;
            for (String wish : wishes) {
                float[] q = embedder.embed(wish);
                Set<String> exact = new HashSet<>();
                vectors.entrySet().stream().sorted(Comparator.comparingDouble(e -> -dot(q, e.getValue()))).limit(10)
                        .forEach(e -> exact.add(e.getKey()));
                for (VectorStore.ScoredPoint found : store.search("apartments", q, null, 10)) {
                    hits += exact.contains(found.id()) ? 1 : 0;
                }
            }
            double recall = hits / (wishes.size() * 10.0);
            System.out.printf("recall@10 of the embedded index on 210 seed listings, %d wishes: %.3f%n", wishes.size(), recall);
            assertTrue(recall >= 0.95, "recall@10 = " + recall);
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
