package kz.tapbot.vectors.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStore.Point;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes wait for the store's commit interval (a store may be given a longer one than the default), but a deletion is
 * on disk when {@code delete} returns: it is an erasure or a listing taken down, and a crash before the next commit
 * would otherwise bring the points back.
 */
class CommitsTest {

    @TempDir
    Path dataDir;

    @Test
    void aDeletionIsOnDiskAtOnceWhileWritesWaitForTheInterval() throws IOException {
        try (LuceneVectorStore store = new LuceneVectorStore(dataDir, Duration.ofHours(1))) {
            store.createCollection("conversations", 2, VectorStore.Distance.COSINE);
            store.upsert("conversations", List.of(new Point("a", new float[] {1, 0}, Map.of()),
                    new Point("b", new float[] {0, 1}, Map.of())));
            store.compact("conversations"); // committed: both on disk
            store.upsert("conversations", List.of(new Point("c", new float[] {1, 1}, Map.of())));
            assertEquals(List.of("a", "b"), pointsOnDisk(), "a write waits for the interval (an hour here)");

            store.delete("conversations", List.of("a"));

            assertEquals(List.of("b", "c"), pointsOnDisk(), "the deletion committed, and with it the write before it");
            assertEquals(List.of("b", "c"), store.search("conversations", new float[] {0, 1}, null, 3).stream()
                    .map(VectorStore.ScoredPoint::id).toList());
        }
    }

    /** The ids of the points in the index's last commit on disk, as a crash would leave it. */
    private List<String> pointsOnDisk() throws IOException {
        try (FSDirectory directory = FSDirectory.open(dataDir.resolve("conversations").resolve("index"));
             DirectoryReader onDisk = DirectoryReader.open(directory)) {
            List<String> ids = new ArrayList<>();
            for (LeafReaderContext leaf : onDisk.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        ids.add(leaf.reader().storedFields().document(doc).get(LuceneVectorStore.ID));
                    }
                }
            }
            return ids.stream().sorted().toList();
        }
    }
}
