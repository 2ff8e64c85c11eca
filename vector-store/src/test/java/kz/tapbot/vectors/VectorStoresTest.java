package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import kz.tapbot.vectors.qdrant.QdrantVectorStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VectorStoresTest {

    @TempDir
    Path dir;

    @Test
    void withoutAUrlTheEmbeddedIndexIsUsed() {
        assertInstanceOf(LuceneVectorStore.class, VectorStores.open("", dir, Map.<String, String>of()::get));
    }

    @Test
    void aUrlOpensQdrantWithTheReplicationFactorAndApiKeyOfTheEnvironment() {
        Map<String, String> env = Map.of("QDRANT_REPLICATION_FACTOR", "2", "QDRANT_API_KEY", "k");
        assertInstanceOf(QdrantVectorStore.class, VectorStores.open("http://qdrant:6334", dir, env::get));
    }

    @Test
    void aReplicationFactorThatIsNotAPositiveNumberIsRefusedWithItsName() {
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class, () -> VectorStores.open(
                "http://qdrant:6334", dir, Map.of("QDRANT_REPLICATION_FACTOR", "two")::get));
        assertEquals("QDRANT_REPLICATION_FACTOR is not a number: two", notANumber.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> VectorStores.open(
                "http://qdrant:6334", dir, Map.of("QDRANT_REPLICATION_FACTOR", "0")::get));
        assertEquals("replication factor must be at least 1, was 0", zero.getMessage());
    }
}
