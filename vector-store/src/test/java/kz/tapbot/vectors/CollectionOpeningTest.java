package kz.tapbot.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A collection opened in the background: a caller meanwhile waits for it; a failure stops the service. */
class CollectionOpeningTest {

    @Test
    void aCallerWaitsForTheStoreStillOpeningAndGetsIt() throws Exception {
        VectorStore store = VectorStores.open(null, Files.createTempDirectory("opening"));
        CountDownLatch release = new CountDownLatch(1);
        CollectionOpening opening = new CollectionOpening("probe", () -> {
            throw new AssertionError("opened without a failure");
        });
        opening.start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return store;
        });
        CompletableFuture<VectorStore> asked = CompletableFuture.supplyAsync(opening::store);
        Thread.sleep(300);
        assertFalse(asked.isDone(), "still opening: the caller waits");
        assertFalse(opening.isOpen());
        release.countDown();
        assertSame(store, asked.get(10, TimeUnit.SECONDS));
        assertTrue(opening.isOpen());
        opening.close();
    }

    @Test
    void aStoreThatCannotBeOpenedStopsTheServiceAndTellsTheCallersWhy() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CollectionOpening opening = new CollectionOpening("broken", stopped::countDown);
        // an embedded index directory another instance holds is refused
        Path shared = Files.createTempDirectory("opening");
        VectorStore holder = VectorStores.open(null, shared);
        holder.createCollection("broken", 16, VectorStore.Distance.DOT);
        opening.start(() -> {
            VectorStore second = VectorStores.open(null, shared);
            second.createCollection("broken", 16, VectorStore.Distance.DOT);
            return second;
        });
        assertTrue(stopped.await(10, TimeUnit.SECONDS), "the service is told to stop");
        IllegalStateException refused = assertThrows(IllegalStateException.class, opening::store);
        assertEquals("the broken collection could not be opened", refused.getMessage());
        assertFalse(opening.isOpen());
        opening.close(); // nothing to close: no error
        holder.close();
    }
}
