package kz.tapbot.ai.collections;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/**
 * The vector collections open in the background as the service starts (kz.tapbot.vectors.CollectionOpening, tested
 * in vector-store): the service reports ready only once both are open.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class CollectionsReadinessTest {

    @Test
    void theServiceIsReadyWithBothCollectionsOpen() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'vector collections' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'vector collections' }.data.faq", equalTo("open"))
                .body("checks.find { it.name == 'vector collections' }.data.conversations", equalTo("open"));
    }
}
