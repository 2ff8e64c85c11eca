package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine, always: the contract, and that its index survives a restart. */
class LuceneVectorStoreTest extends VectorStoreContract {

    @TempDir
    static Path dataDir;

    @Override
    protected VectorStore openStore() {
        return new LuceneVectorStore(dataDir);
    }

    @Test
    void theIndexSurvivesARestart() {
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        String id = UUID.randomUUID().toString();
        store.upsert(collection, List.of(new VectorStore.Point(id, new float[] {1, 0}, Map.of("city", "Shymkent"))));
        store.close();
        store = openStore();
        assertEquals("Shymkent", store.search(collection, new float[] {1, 0}, null, 1).get(0).payload().get("city"));
    }
}
