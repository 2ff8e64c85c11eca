package kz.tapbot.vectors.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStore.Graph;
import org.apache.lucene.codecs.hnsw.HnswGraphProvider;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.hnsw.HnswGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A collection's HNSW graph is written with the links per point it was created with, kept in its metadata across a
 * restart, and a lighter graph still finds what was stored.
 */
class GraphParametersTest {

    private static final int DIMENSIONS = 32;

    @TempDir
    Path dataDir;

    @Test
    void theGraphHasTheLinksItWasCreatedWithAndKeepsThemAfterARestart() throws IOException {
        Graph light = new Graph(2, 8);
        try (LuceneVectorStore store = new LuceneVectorStore(dataDir)) {
            store.createCollection("light", DIMENSIONS, VectorStore.Distance.COSINE, light);
            store.createCollection("standard", DIMENSIONS, VectorStore.Distance.COSINE);
            store.upsert("light", points(300, 1));
            store.upsert("standard", points(300, 1));
        }
        // level 0 of an HNSW graph holds up to 2m links per point
        assertTrue(mostLinks("light") <= 2 * light.m(), "light: " + mostLinks("light"));
        assertTrue(mostLinks("standard") > 2 * light.m(), "standard: " + mostLinks("standard"));

        try (LuceneVectorStore reopened = new LuceneVectorStore(dataDir)) {
            reopened.upsert("light", points(300, 2)); // opened without createCollection: the metadata says how
        }
        assertTrue(mostLinks("light") <= 2 * light.m(), "after a restart: " + mostLinks("light"));
    }

    @Test
    void aLightGraphStillFindsEachStoredPointFirst() {
        try (LuceneVectorStore store = new LuceneVectorStore(dataDir)) {
            store.createCollection("conversations", DIMENSIONS, VectorStore.Distance.COSINE, new Graph(16, 32));
            List<VectorStore.Point> points = points(500, 3);
            store.upsert("conversations", points);
            int foundFirst = 0;
            for (VectorStore.Point point : points) {
                if (store.search("conversations", point.vector(), null, 1).get(0).id().equals(point.id())) {
                    foundFirst++;
                }
            }
            assertEquals(points.size(), foundFirst);
        }
    }

    private static List<VectorStore.Point> points(int count, long seed) {
        Random random = new Random(seed);
        List<VectorStore.Point> points = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[] vector = new float[DIMENSIONS];
            for (int d = 0; d < DIMENSIONS; d++) {
                vector[d] = (float) random.nextGaussian();
            }
            points.add(new VectorStore.Point(UUID.randomUUID().toString(), vector, Map.of()));
        }
        return points;
    }

    /** The most links any point has on level 0, over every segment of the collection's index on disk. */
    private int mostLinks(String collection) throws IOException {
        int most = 0;
        try (FSDirectory directory = FSDirectory.open(dataDir.resolve(collection).resolve("index"));
             DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                var vectors = (PerFieldKnnVectorsFormat.FieldsReader) ((CodecReader) leaf.reader()).getVectorReader();
                HnswGraph graph = ((HnswGraphProvider) vectors.getFieldReader(LuceneVectorStore.VECTOR))
                        .getGraph(LuceneVectorStore.VECTOR);
                for (int node = 0; node < graph.size(); node++) {
                    graph.seek(0, node);
                    int links = 0;
                    while (graph.nextNeighbor() != DocIdSetIterator.NO_MORE_DOCS) {
                        links++;
                    }
                    most = Math.max(most, links);
                }
            }
        }
        return most;
    }
}
