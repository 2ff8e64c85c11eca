package kz.tapbot.ai;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** POST /nlu/parse speaks the NLU contract: intent, confidence, language, canonical entities; bad input is a 400. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NluParseTest {

    @Test
    void anApartmentRequestInRussian() {
        given().contentType("application/json").body(Map.of("text",
                        "Квартира в Алматы с 1 по 3 декабря на двоих до 20 тыс, с балконом и можно с собакой",
                        "bot", "apartments", "now", "2026-11-25T10:00:00+05:00"))
                .post("/nlu/parse").then().statusCode(200)
                .body("intent", equalTo("apartment.search")).body("language", equalTo("ru"))
                .body("entities.city", equalTo("Almaty")).body("entities.check_in", equalTo("2026-12-01"))
                .body("entities.check_out", equalTo("2026-12-03")).body("entities.guests", equalTo(2))
                .body("entities.budget_max", equalTo(20000)).body("entities.amenities", hasItems("balcony", "pets"));
    }

    @Test
    void aRideInKazakhWithoutABotHint() {
        given().contentType("application/json").body(Map.of("text", "Ертең Алматыдан Астанаға 2 орын керек",
                        "now", "2026-11-25T10:00:00+05:00"))
                .post("/nlu/parse").then().statusCode(200)
                .body("intent", equalTo("taxi.book")).body("language", equalTo("kk"))
                .body("entities.from_city", equalTo("Almaty")).body("entities.to_city", equalTo("Astana"))
                .body("entities.date", equalTo("2026-11-26")).body("entities.seats", equalTo(2));
    }

    @Test
    void chatterIsUnknownWithNoEntities() {
        given().contentType("application/json").body(Map.of("text", "what's the capital of France?"))
                .post("/nlu/parse").then().statusCode(200)
                .body("intent", equalTo("unknown")).body("language", equalTo("en")).body("entities.city", nullValue());
    }

    @Test
    void badRequestsAreRefusedWithAReason() {
        given().contentType("application/json").body(Map.of("bot", "taxi")).post("/nlu/parse").then().statusCode(400)
                .body("detail", containsString("text"));
        given().contentType("application/json").body(Map.of("text", "привет", "bot", "pizza")).post("/nlu/parse")
                .then().statusCode(400).body("detail", containsString("bot"));
        given().contentType("application/json").body(Map.of("text", "привет", "now", "tomorrow")).post("/nlu/parse")
                .then().statusCode(400).body("detail", containsString("ISO"));
        given().contentType("application/json").body(Map.of("text", "а".repeat(5000))).post("/nlu/parse")
                .then().statusCode(400);
    }
}
