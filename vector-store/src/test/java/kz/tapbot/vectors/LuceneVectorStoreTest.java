package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import org.apache.lucene.store.LockObtainFailedException;
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

    /**
     * Writes are not committed one by one (an fsync each) but within a second by the store's own thread: the index on
     * disk, read by a reader of its own as after a crash, has them without the store being closed.
     */
    @Test
    void writesReachTheDiskWithinASecondWithoutAClose() throws Exception {
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        String id = UUID.randomUUID().toString();
        store.upsert(collection, List.of(new VectorStore.Point(id, new float[] {0, 1}, Map.of("city", "Taraz"))));
        assertEquals(id, store.search(collection, new float[] {0, 1}, null, 1).get(0).id(), "seen by the next search");
        Path index = dataDir.resolve(collection).resolve("index");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int committed = 0;
        while (committed == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            try (org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(index);
                 org.apache.lucene.index.DirectoryReader onDisk = org.apache.lucene.index.DirectoryReader.open(directory)) {
                committed = onDisk.numDocs();
            } catch (org.apache.lucene.index.IndexNotFoundException notYet) {
                // no commit at all yet
            }
        }
        assertEquals(1, committed, "the write is in the last commit on disk");
    }

    /** Compacting leaves the index on disk as one committed segment, with every point in it. */
    @Test
    void compactingLeavesOneSegmentOnDisk() throws Exception {
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        for (int i = 0; i < 5; i++) {
            store.upsert(collection, List.of(new VectorStore.Point(UUID.randomUUID().toString(), new float[] {1, i},
                    Map.of("city", "Taraz"))));
            store.search(collection, new float[] {1, 0}, null, 1);
        }
        store.compact(collection);
        Path index = dataDir.resolve(collection).resolve("index");
        try (org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(index);
             org.apache.lucene.index.DirectoryReader onDisk = org.apache.lucene.index.DirectoryReader.open(directory)) {
            assertEquals(1, onDisk.leaves().size(), "segments in the last commit");
            assertEquals(5, onDisk.numDocs());
        }
    }

    /**
     * Closing (a service stopping) while a compaction runs does not let it finish and commit, which may take minutes:
     * the merge is aborted, and every point written before the close is on disk, in the segments it had.
     */
    @Test
    void closingDuringACompactionAbortsItAndKeepsEveryPoint() throws Exception {
        store.createCollection(collection, 64, VectorStore.Distance.COSINE);
        java.util.Random random = new java.util.Random(7);
        int points = 0;
        for (int batch = 0; batch < 4; batch++) {
            List<VectorStore.Point> written = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++, points++) {
                float[] vector = new float[64];
                for (int d = 0; d < vector.length; d++) {
                    vector[d] = random.nextFloat() - 0.5f;
                }
                written.add(new VectorStore.Point(UUID.randomUUID().toString(), vector, Map.of("n", (long) points)));
            }
            store.upsert(collection, written);
            store.search(collection, written.get(0).vector(), null, 1); // a segment per batch
        }
        java.util.concurrent.CompletableFuture<Void> compaction =
                java.util.concurrent.CompletableFuture.runAsync(() -> store.compact(collection));
        Thread.sleep(300); // merging 8,000 points into one graph takes seconds
        assertTrue(!compaction.isDone(), "the compaction ended before the close: make the collection bigger");
        store.close();
        java.util.concurrent.ExecutionException aborted = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> compaction.get(30, TimeUnit.SECONDS));
        assertTrue(aborted.getCause() instanceof RuntimeException, aborted.getCause().toString());
        try (org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(
                dataDir.resolve(collection).resolve("index"));
             org.apache.lucene.index.DirectoryReader onDisk = org.apache.lucene.index.DirectoryReader.open(directory)) {
            assertTrue(onDisk.leaves().size() > 1, "the close let the merge finish");
            assertEquals(points, onDisk.numDocs());
        }
        store = openStore();
        store.createCollection(collection, 64, VectorStore.Distance.COSINE);
        assertEquals(points, store.count(collection));
    }

    /** Hits are read from doc values, which take at most 32,766 bytes; a bigger payload comes from the stored fields. */
    @Test
    void aPayloadTooBigForDocValuesComesBackWhole() {
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        // every string stays under Lucene's term limit; the payload as a whole does not fit in a doc value
        List<String> big = java.util.Collections.nCopies(20, "б".repeat(2_000));
        String bigId = UUID.randomUUID().toString();
        String smallId = UUID.randomUUID().toString();
        store.upsert(collection, List.of(new VectorStore.Point(bigId, new float[] {1, 0}, Map.of("text", big)),
                new VectorStore.Point(smallId, new float[] {0, 1}, Map.of("text", "small"))));
        List<VectorStore.ScoredPoint> found = store.search(collection, new float[] {1, 0.1f}, null, 2);
        assertEquals(bigId, found.get(0).id());
        assertEquals(big, found.get(0).payload().get("text"));
        assertEquals(smallId, found.get(1).id());
        assertEquals("small", found.get(1).payload().get("text"));
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefusedWhileTheFirstKeepsWorking() {
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        store.upsert(collection, List.of(new VectorStore.Point(UUID.randomUUID().toString(), new float[] {1, 0}, Map.of())));

        try (VectorStore second = new LuceneVectorStore(dataDir)) {
            assertRefusedAsInUse(assertThrows(IllegalStateException.class,
                    () -> second.createCollection(collection, 2, VectorStore.Distance.COSINE)));
            assertRefusedAsInUse(assertThrows(IllegalStateException.class, () -> second.count(collection)));
            // a restarting service drops and rebuilds its collections: it must not delete the files of the first
            assertRefusedAsInUse(assertThrows(IllegalStateException.class, () -> second.dropCollection(collection)));
        }

        store.upsert(collection, List.of(new VectorStore.Point(UUID.randomUUID().toString(), new float[] {0, 1}, Map.of())));
        assertEquals(2, store.count(collection));
        store.close();
        store = openStore();
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        assertEquals(2, store.count(collection));
    }

    /** Another JVM, as a second instance of a service would be: the OS file lock refuses it too. */
    @Test
    void aStoreInAnotherProcessHoldingTheDirectoryRefusesThisOneUntilItCloses() throws Exception {
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherInstance.class.getName(), dataDir.toString(), collection)
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder printed = new StringBuilder();
            String line;
            while ((line = output.readLine()) != null && !line.equals(OtherInstance.OPEN)) {
                printed.append(line).append('\n');
            }
            assertEquals(OtherInstance.OPEN, line, "the other process did not open the store:\n" + printed);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> store.createCollection(collection, 2, VectorStore.Distance.COSINE));
            assertRefusedAsInUse(refused);
            assertInstanceOf(LockObtainFailedException.class, refused.getCause());
            assertRefusedAsInUse(assertThrows(IllegalStateException.class, () -> store.dropCollection(collection)));

            other.getOutputStream().close(); // the other process closes its store and exits
            assertTrue(other.waitFor(60, TimeUnit.SECONDS), "the other process did not exit");
            assertEquals(0, other.exitValue());
        } finally {
            other.destroyForcibly();
        }
        store.createCollection(collection, 2, VectorStore.Distance.COSINE);
        assertEquals(1, store.count(collection));
    }

    private static void assertRefusedAsInUse(IllegalStateException refused) {
        String message = refused.getMessage();
        assertTrue(message.contains(dataDir.toAbsolutePath().toString()), message);
        assertTrue(message.contains("TAPBOT_VECTOR_DATA_DIR"), message);
        assertTrue(message.contains("QDRANT_URL"), message);
    }

    /** A second service instance: opens the store on the directory given, writes a point, holds it until stdin closes. */
    public static final class OtherInstance {

        static final String OPEN = "store open";

        public static void main(String[] args) throws IOException {
            try (VectorStore store = new LuceneVectorStore(Path.of(args[0]))) {
                store.createCollection(args[1], 2, VectorStore.Distance.COSINE);
                store.upsert(args[1], List.of(new VectorStore.Point(UUID.randomUUID().toString(), new float[] {1, 0},
                        Map.of())));
                System.out.println(OPEN);
                System.out.flush();
                System.in.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
