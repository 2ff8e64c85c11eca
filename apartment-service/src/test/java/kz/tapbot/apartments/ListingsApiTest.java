package kz.tapbot.apartments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** Operators create, read, list, replace and archive listings; search follows every change at once. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ListingsApiTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";

    @Inject
    ApartmentBookings bookings;

    private static Map<String, Object> listing(String externalId, long price) {
        Map<String, Object> body = new HashMap<>();
        body.put("externalId", externalId);
        body.put("title", "Юрта-апартаменты у Ахмеда Яссауи");
        body.put("city", "Turkestan");
        body.put("district", "Старый город");
        body.put("address", "ул. Тауке хана 3");
        body.put("lat", 43.297);
        body.put("lon", 68.27);
        body.put("rooms", 2);
        body.put("maxGuests", 4);
        body.put("pricePerNight", price);
        body.put("amenities", List.of("wifi", "parking"));
        body.put("description", "Тихий двор, вид на мавзолей");
        body.put("instantBook", true);
        body.put("photos", List.of("https://photos.example.kz/t/1.jpg"));
        body.put("houseRules", "Без обуви в доме");
        body.put("rating", 4.7);
        return body;
    }

    private static List<String> searchIds(long budgetMax) {
        return given().header("Authorization", TOKEN)
                .get("/api/search?city=Turkestan&budgetMax=" + budgetMax + "&wishes=вид на мавзолей&limit=50")
                .then().statusCode(200).extract().jsonPath().getList("listing.id");
    }

    @Test
    void createReadReplaceListAndArchive() {
        String externalId = "api-" + UUID.randomUUID();
        String id = given().header("Authorization", TOKEN).contentType("application/json").body(listing(externalId, 16_000))
                .post("/api/listings").then().statusCode(201)
                .header("Location", containsString("/api/listings/"))
                .body("status", equalTo("active")).body("houseRules", equalTo("Без обуви в доме"))
                .extract().path("id");
        given().header("Authorization", TOKEN).contentType("application/json").body(listing(externalId, 16_000))
                .post("/api/listings").then().statusCode(409).body("detail", containsString(externalId));
        given().header("Authorization", TOKEN).get("/api/listings/" + id).then().statusCode(200)
                .body("rating", equalTo(4.7f)).body("freeCancellationDays", equalTo(3));
        org.junit.jupiter.api.Assertions.assertTrue(searchIds(17_000).contains(id));

        given().header("Authorization", TOKEN).contentType("application/json").body(listing(externalId, 30_000))
                .put("/api/listings/" + id).then().statusCode(200).body("pricePerNight", equalTo(30000));
        org.junit.jupiter.api.Assertions.assertFalse(searchIds(17_000).contains(id), "the new price is searched at once");
        given().header("Authorization", TOKEN).get("/api/listings?city=Turkestan&status=active&limit=500")
                .then().statusCode(200).body("id", hasItem(id));

        given().header("Authorization", TOKEN).delete("/api/listings/" + id).then().statusCode(204);
        given().header("Authorization", TOKEN).get("/api/listings/" + id).then().statusCode(200)
                .body("status", equalTo("archived"));
        org.junit.jupiter.api.Assertions.assertFalse(searchIds(100_000).contains(id), "archived listings leave search");
        given().header("Authorization", TOKEN).get("/api/listings?city=Turkestan&status=active&limit=500")
                .then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void badInputIsRefusedWithAReasonAndChangesNothing() {
        Map<String, Object> nowhere = listing("api-" + UUID.randomUUID(), 10_000);
        nowhere.put("city", "Gotham");
        given().header("Authorization", TOKEN).contentType("application/json").body(nowhere)
                .post("/api/listings").then().statusCode(400).body("detail", startsWith("city must be a canonical name"));
        Map<String, Object> starry = listing("api-" + UUID.randomUUID(), 10_000);
        starry.put("rating", 7);
        given().header("Authorization", TOKEN).contentType("application/json").body(starry)
                .post("/api/listings").then().statusCode(400).body("detail", containsString("rating"));
        given().header("Authorization", TOKEN).contentType("application/json").body(listing("x", 10_000))
                .put("/api/listings/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", TOKEN).delete("/api/listings/not-an-id").then().statusCode(400);
        given().header("Authorization", TOKEN).get("/api/listings?status=gone").then().statusCode(400);
        given().contentType("application/json").body(listing("api-" + UUID.randomUUID(), 10_000))
                .post("/api/listings").then().statusCode(401);
    }

    @Test
    void aListingWithUpcomingBookingsIsNotArchived() {
        String id = given().header("Authorization", TOKEN).contentType("application/json")
                .body(listing("api-" + UUID.randomUUID(), 12_000)).post("/api/listings").then().statusCode(201)
                .extract().path("id");
        LocalDate in = LocalDate.now().plusDays(20);
        QuarkusTransaction.requiringNew().run(() -> bookings.request(UUID.fromString(id), new Stay(in, in.plusDays(2)), 2,
                501L, 501L, "Гость", null, "ru"));
        given().header("Authorization", TOKEN).delete("/api/listings/" + id).then().statusCode(409)
                .body("detail", containsString("upcoming booking"));
        given().header("Authorization", TOKEN).get("/api/listings/" + id).then().body("status", equalTo("active"));
    }
}
