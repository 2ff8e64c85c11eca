package kz.tapbot.vectors.lucene;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStore.Point;
import kz.tapbot.vectors.VectorStore.ScoredPoint;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cosine collection keeps unit vectors and has Lucene score its graph by their dot product, as Qdrant does, at less
 * than half the cost of Lucene's cosine; one made before that keeps Lucene's cosine, which its index was written with.
 * The contract (VectorStoreContract) checks the ranking and the scores for vectors of any length.
 */
class CosineScoringTest {

    @TempDir
    Path dataDir;

    @Test
    void aNewCosineCollectionKeepsUnitVectorsScoredByTheirDotProduct() throws IOException {
        try (LuceneVectorStore store = new LuceneVectorStore(dataDir)) {
            store.createCollection("listings", 2, VectorStore.Distance.COSINE);
            store.upsert("listings", List.of(new Point("a", new float[] {3, 4}, Map.of())));
            ScoredPoint found = store.search("listings", new float[] {0, 10}, null, 1).get(0);
            assertEquals(0.8, found.score(), 1e-6);
        }
        try (FSDirectory directory = FSDirectory.open(dataDir.resolve("listings").resolve("index"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            LeafReader leaf = reader.leaves().get(0).reader();
            assertEquals(VectorSimilarityFunction.DOT_PRODUCT,
                    leaf.getFieldInfos().fieldInfo(LuceneVectorStore.VECTOR).getVectorSimilarityFunction());
            FloatVectorValues vectors = leaf.getFloatVectorValues(LuceneVectorStore.VECTOR);
            vectors.nextDoc();
            assertArrayEquals(new float[] {0.6f, 0.8f}, vectors.vectorValue(), 1e-6f);
        }
    }

    @Test
    void aCosineCollectionMadeBeforeKeepsLucenesCosineAndTakesNewPoints() throws IOException {
        // as the store wrote a collection before it kept the similarity in the metadata
        Path legacy = Files.createDirectories(dataDir.resolve("faq"));
        Files.writeString(legacy.resolve("collection.json"), "{\"size\":2,\"distance\":\"COSINE\"}");
        try (FSDirectory directory = FSDirectory.open(legacy.resolve("index"));
             IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig())) {
            Document old = new Document();
            old.add(new StringField(LuceneVectorStore.ID, "old", Field.Store.YES));
            old.add(new KnnFloatVectorField(LuceneVectorStore.VECTOR, new float[] {3, 4},
                    VectorSimilarityFunction.COSINE));
            old.add(new StoredField(LuceneVectorStore.PAYLOAD, "{\"city\":\"Almaty\"}"));
            writer.addDocument(old);
        }

        try (LuceneVectorStore store = new LuceneVectorStore(dataDir)) {
            store.createCollection("faq", 2, VectorStore.Distance.COSINE);
            store.upsert("faq", List.of(new Point("new", new float[] {0, 5}, Map.of("city", "Astana"))));
            List<ScoredPoint> found = store.search("faq", new float[] {3, 4}, null, 2);
            assertEquals(List.of("old", "new"), found.stream().map(ScoredPoint::id).toList());
            assertEquals(1.0, found.get(0).score(), 1e-6);
            assertEquals(0.8, found.get(1).score(), 1e-6);
            assertEquals("Almaty", found.get(0).payload().get("city"));
        }
        try (FSDirectory directory = FSDirectory.open(legacy.resolve("index"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            for (var leaf : reader.leaves()) {
                var vectorField = leaf.reader().getFieldInfos().fieldInfo(LuceneVectorStore.VECTOR);
                assertEquals(VectorSimilarityFunction.COSINE, vectorField.getVectorSimilarityFunction());
            }
        }
    }
}
