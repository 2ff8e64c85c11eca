package kz.tapbot.ai.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStores;
import org.junit.jupiter.api.Test;

/**
 * The vector collections open in the background as the service starts: whoever needs one meanwhile waits for it,
 * and the service reports ready only once both are open.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CollectionOpeningTest {

    @Test
    void aCallerWaitsForTheStoreStillOpeningAndGetsIt() throws Exception {
        Path dir = Files.createTempDirectory("opening");
        VectorStore store = VectorStores.open(null, dir);
        CountDownLatch release = new CountDownLatch(1);
        CollectionOpening opening = new CollectionOpening("probe");
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
    void theServiceIsReadyWithBothCollectionsOpen() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'vector collections' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'vector collections' }.data.faq", equalTo("open"))
                .body("checks.find { it.name == 'vector collections' }.data.conversations", equalTo("open"));
    }
}
