package kz.tapbot.apartments.booking;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class OperatorCalendarTest {

    private static final String TOKEN = "Bearer tapbot-local-admin";
    private static final LocalDate D = LocalDate.of(2027, 10, 1);

    @Inject
    ListingRepository listings;

    @Inject
    ApartmentBookings bookings;

    @Test
    void operatorsAnswerRequestsForListingsNoLandlordManagesInTheBot() {
        UUID listing = UUID.randomUUID();
        listings.insert(new Listing(listing, "op-" + listing, null, null, "Импортированная студия", "Almaty", "Алмалинский",
                "ул. Абая 12", 43.24, 76.92, 1, 2, 15_000, List.of(), "Студия", List.of(), false, 3, "active",
                "+77010000001", null, null, null));
        long guest = 78_000_000L + System.nanoTime() % 1_000_000;
        UUID booking = QuarkusTransaction.requiringNew().call(() -> bookings.request(listing, new Stay(D.plusDays(50),
                D.plusDays(52)), 2, guest, guest, "Гость", null, "en")).bookingId();
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            given().header("Authorization", TOKEN).post("/api/bookings/" + booking + "/confirm").then().statusCode(200)
                    .body("status", equalTo("confirmed"));
            assertEquals(1, replies.await(r -> r.key().equals(String.valueOf(guest))
                    && r.value().contains("Booking confirmed") && r.value().contains("ул. Абая 12"), 1,
                    Duration.ofSeconds(20)).size());
        }
        given().header("Authorization", TOKEN).post("/api/bookings/" + booking + "/decline").then().statusCode(409);
    }

    @Test
    void operatorsSeeTheCalendarBlockNightsAndCancelBookings() {
        UUID listing = UUID.randomUUID();
        listings.insert(new Listing(listing, null, 31L, 31L, "Лофт", "Almaty", "Алмалинский", "ул. Абая 10", 43.24, 76.92,
                1, 2, 20_000, List.of("wifi"), "Лофт в центре", List.of(), false, 3, "active", null, null, null, "ru"));
        long guest = 77_000_000L + System.nanoTime() % 1_000_000;
        UUID booking = QuarkusTransaction.requiringNew().call(() -> bookings.request(listing, new Stay(D, D.plusDays(2)),
                2, guest, guest, "Гость", "+77011234567", "ru")).bookingId();

        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("checkIn", D.plusDays(5).toString(), "checkOut", D.plusDays(7).toString()))
                .post("/api/listings/" + listing + "/blocks").then().statusCode(201);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("checkIn", D.plusDays(1).toString(), "checkOut", D.plusDays(3).toString()))
                .post("/api/listings/" + listing + "/blocks").then().statusCode(409);
        given().header("Authorization", TOKEN).contentType("application/json")
                .body(Map.of("checkIn", D.plusDays(3).toString(), "checkOut", D.plusDays(3).toString()))
                .post("/api/listings/" + listing + "/blocks").then().statusCode(400);
        given().header("Authorization", TOKEN)
                .get("/api/listings/" + listing + "/calendar?from=" + D + "&to=" + D.plusDays(30))
                .then().statusCode(200).body("$", hasSize(2)).body("[0].status", equalTo("pending"))
                .body("[1].kind", equalTo("block"));

        given().header("Authorization", TOKEN).get("/api/bookings?telegramId=" + guest).then().statusCode(200)
                .body("[0].id", equalTo(booking.toString()));
        given().header("Authorization", TOKEN).get("/api/bookings/" + booking).then().statusCode(200)
                .body("total", equalTo(40000));
        try (TopicProbe replies = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_REPLIES)) {
            given().header("Authorization", TOKEN).post("/api/bookings/" + booking + "/cancel").then().statusCode(200)
                    .body("booking.status", equalTo("cancelled"));
            // the guest and the landlord hear it in the bot
            assertEquals(2, replies.await(r -> (r.key().equals(String.valueOf(guest)) || r.key().equals("31"))
                    && r.value().contains("Служба поддержки TapBot отменила бронь"), 2, Duration.ofSeconds(20)).size());
        }
        given().header("Authorization", TOKEN).post("/api/bookings/" + booking + "/cancel").then().statusCode(409);
        given().header("Authorization", TOKEN).get("/api/bookings/" + UUID.randomUUID()).then().statusCode(404);
        given().header("Authorization", TOKEN).post("/api/bookings/" + booking + "/confirm").then().statusCode(409);
        given().get("/api/bookings/" + booking).then().statusCode(401);
        given().header("Authorization", TOKEN)
                .get("/api/listings/" + listing + "/calendar?from=" + D + "&to=" + D.plusDays(30))
                .then().statusCode(200).body("$", hasSize(1));
    }
}
