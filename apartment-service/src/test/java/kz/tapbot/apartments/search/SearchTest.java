package kz.tapbot.apartments.search;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** Import listings through the operator API, then search them the way the bot will. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SearchTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final LocalDate IN = LocalDate.of(2027, 5, 10);

    @Inject
    StayCalendar calendar;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    private Map<String, Object> listing(String key, String title, String description, long price, int guests,
                                        List<String> amenities, double lat, double lon) {
        return Map.ofEntries(Map.entry("externalId", run + "-" + key), Map.entry("title", title),
                Map.entry("city", "Shymkent"), Map.entry("district", "Центр"), Map.entry("address", "ул. Тауке хана " + key),
                Map.entry("lat", lat), Map.entry("lon", lon), Map.entry("rooms", 2), Map.entry("maxGuests", guests),
                Map.entry("pricePerNight", price), Map.entry("amenities", amenities), Map.entry("description", description),
                Map.entry("instantBook", false), Map.entry("photos", List.of("https://example.kz/" + key + ".jpg")));
    }

    private List<String> importAll(List<Map<String, Object>> batch) {
        return given().header("Authorization", TOKEN).contentType("application/json").body(batch)
                .post("/api/listings/import").then().statusCode(200).body("imported", equalTo(batch.size()))
                .extract().path("ids");
    }

    private Response search(String query) {
        return given().header("Authorization", TOKEN).get("/api/search?city=Shymkent&" + query);
    }

    @Test
    void theServiceIsReadyOnlyWithTheCollectionOpenedInTheBackground() {
        // opened beside the Kafka channels at start (ListingIndex), not on the main thread: readiness waits for it
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'vector collections' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'vector collections' }.data.apartments", equalTo("open"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void wishesRankTheListingThatHasThemFirstAmongThoseThatFit() {
        List<String> ids = importAll(List.of(
                listing("quiet", "Тихая двушка с балконом " + run, "Тихий двор, большой балкон, рядом метро и парк",
                        16000, 4, List.of("wifi", "balcony"), 42.3155, 69.5869),
                listing("loud", "Студия у ночного клуба " + run, "Окна на проспект, рядом бары и дискотека",
                        12000, 2, List.of("wifi"), 42.3160, 69.5900),
                listing("dear", "Пентхаус с балконом " + run, "Тихо, балкон, вид на горы, рядом метро",
                        60000, 6, List.of("wifi", "balcony", "parking"), 42.3200, 69.6000),
                listing("small", "Комната с балконом " + run, "Тихо, балкон, рядом метро", 9000, 1,
                        List.of("balcony"), 42.3100, 69.5800)));
        String quiet = ids.get(0);

        Response found = search("checkIn=" + IN + "&checkOut=" + IN.plusDays(2)
                + "&guests=2&budgetMax=20000&wishes=тихо, с балконом, рядом с метро " + run + "&limit=50");
        found.then().statusCode(200);
        // the shared test database keeps listings of earlier runs: judge the order among this run's
        List<String> shown = ((List<String>) found.path("listing.id")).stream().filter(ids::contains).toList();
        assertEquals(quiet, shown.get(0), "the fitting listing with the wishes comes first: " + found.asString());
        assertTrue(shown.contains(ids.get(1)), "a fitting listing without the wishes is still shown, lower");
        assertFalse(shown.contains(ids.get(2)), "over the budget");
        assertFalse(shown.contains(ids.get(3)), "too small for two guests");
        List<Map<String, Object>> ours = ((List<Map<String, Object>>) found.path("")).stream()
                .filter(r -> ids.contains(((Map<?, ?>) r.get("listing")).get("id"))).toList();
        assertEquals(32000, ((Number) ours.get(0).get("total")).intValue(), "two nights at 16,000");
        assertTrue(((Number) ours.get(0).get("score")).doubleValue() > ((Number) ours.get(1).get("score")).doubleValue());
    }

    @Test
    void listingsTakenOnThoseDatesOrWithoutAnAmenityOrTooFarAreLeftOut() {
        List<String> ids = importAll(List.of(
                listing("free", "Квартира А " + run, "Уютно", 15000, 3, List.of("wifi", "parking"), 42.3155, 69.5869),
                listing("taken", "Квартира Б " + run, "Уютно", 15000, 3, List.of("wifi", "parking"), 42.3156, 69.5870),
                listing("far", "Квартира В " + run, "Уютно", 15000, 3, List.of("wifi", "parking"), 42.45, 69.80)));
        QuarkusTransaction.requiringNew().run(() -> calendar.block(UUID.fromString(ids.get(1)),
                new Stay(IN.plusDays(1), IN.plusDays(3))));

        List<String> shown = search("checkIn=" + IN + "&checkOut=" + IN.plusDays(2)
                + "&guests=2&amenities=wifi,parking&near=42.3155,69.5869&radiusKm=5&wishes=" + run).path("listing.id");
        assertTrue(shown.contains(ids.get(0)));
        assertFalse(shown.contains(ids.get(1)), "its nights are blocked");
        assertFalse(shown.contains(ids.get(2)), "farther than 5 km");
        List<String> adjacent = search("checkIn=" + IN.plusDays(3) + "&checkOut=" + IN.plusDays(4)
                + "&amenities=parking&wishes=" + run).path("listing.id");
        assertTrue(adjacent.contains(ids.get(1)), "free again from the block's check-out day");
    }

    @Test
    void theSeedLoadsWithOneCallAndIsSearchable() {
        given().header("Authorization", TOKEN).post("/api/admin/seed?count=33").then().statusCode(200)
                .body("imported", equalTo(33));
        List<String> found = given().header("Authorization", TOKEN).get("/api/search?city=Astana&wishes=Wi-Fi 100 Мбит&limit=50")
                .then().statusCode(200).extract().path("listing.externalId");
        assertTrue(found.stream().anyMatch(id -> id != null && id.startsWith("seed-astana-")), found.toString());
        given().header("Authorization", TOKEN).post("/api/admin/seed?count=0").then().statusCode(400);
    }

    @Test
    void reImportingAnExternalIdUpdatesTheListing() {
        String id = importAll(List.of(listing("again", "Квартира " + run, "Уютно", 15000, 3, List.of(), 42.3, 69.5))).get(0);
        String same = importAll(List.of(listing("again", "Квартира " + run, "Уютно", 17000, 3, List.of(), 42.3, 69.5))).get(0);
        assertEquals(id, same);
        given().header("Authorization", TOKEN).get("/api/listings/" + id).then().statusCode(200)
                .body("pricePerNight", equalTo(17000));
    }

    @Test
    void badInputIsRefusedWithTheReasonAndNothingIsImported() {
        given().get("/api/search?city=Shymkent").then().statusCode(401);
        search("").then().statusCode(200);
        given().header("Authorization", TOKEN).get("/api/search?city=Moscow").then().statusCode(400)
                .body("detail", containsString("canonical"));
        search("checkIn=2027-05-10&checkOut=2027-05-09").then().statusCode(400);
        search("amenities=sauna").then().statusCode(400);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(List.of(listing("ok", "Ок " + run, "", 1000, 1, List.of(), 42.3, 69.5),
                        Map.of("externalId", run + "-bad", "title", "Плохая", "city", "Shymkent", "rooms", 1,
                                "maxGuests", 1, "pricePerNight", -5)))
                .post("/api/listings/import").then().statusCode(400).body("detail", containsString("listing 1"));
        List<String> none = search("wishes=Ок " + run).path("listing.externalId");
        assertFalse(none.contains(run + "-ok"), "a refused import imports nothing");
        given().header("Authorization", TOKEN).post("/api/admin/reindex").then().statusCode(200);
    }

    /**
     * A reindex answers once every listing is indexed and says whether the collection is still compacting; the
     * compaction then leaves one segment on disk in the background, and search answers throughout.
     */
    @Test
    void aReindexAnswersBeforeTheCompactionWhichThenLeavesOneSegment() throws Exception {
        for (int i = 0; i < 3; i++) { // a segment per import: each is searched before the next
            importAll(List.of(listing("segment" + i, "Сегмент " + i + " " + run, "Уютно", 12000, 2, List.of(), 42.3, 69.5)));
            search("wishes=Сегмент " + run).then().statusCode(200);
        }
        Response reindex = given().header("Authorization", TOKEN).post("/api/admin/reindex");
        reindex.then().statusCode(200);
        assertTrue(reindex.path("compacting") instanceof Boolean, reindex.asString());
        List<String> found = search("wishes=Сегмент " + run + "&limit=50").path("listing.externalId");
        assertTrue(found.containsAll(List.of(run + "-segment0", run + "-segment1", run + "-segment2")), found.toString());

        java.nio.file.Path index = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("tapbot.apartments.vectors.data-dir", String.class), "apartments", "index");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        int segments;
        do {
            Thread.sleep(100);
            try (org.apache.lucene.store.Directory directory = org.apache.lucene.store.FSDirectory.open(index);
                 org.apache.lucene.index.DirectoryReader onDisk = org.apache.lucene.index.DirectoryReader.open(directory)) {
                segments = onDisk.leaves().size();
            }
        } while (segments > 1 && System.nanoTime() < deadline);
        assertEquals(1, segments, "segments in the last commit after the background compaction");
        given().header("Authorization", TOKEN).get("/api/search?city=Shymkent&wishes=Сегмент " + run).then().statusCode(200);
    }
}
