package kz.tapbot.apartments.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A request is confirmed or declined by the landlord, or expires; a guest cancels under the policy. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class BookingLifecycleTest {

    private static final LocalDate D = LocalDate.of(2027, 8, 1);

    @Inject
    ApartmentBookings bookings;

    @Inject
    ListingRepository listings;

    @Inject
    AgroalDataSource dataSource;

    private final EventSchemas schemas = new EventSchemas();

    private UUID listing() {
        UUID id = UUID.randomUUID();
        listings.insert(new Listing(id, null, 21L, 21L, "Дом у гор", "Almaty", "Медеу", "ул. Горная 5", 43.15, 77.05, 3, 6,
                25_000, List.of("parking", "pets"), "Тихо, можно с собакой", List.of(), false, 3, "active", null, null, null, null));
        return id;
    }

    private ApartmentBookings.Requested request(UUID listing, Stay stay, long guest) {
        return QuarkusTransaction.requiringNew().call(() -> bookings.request(listing, stay, 2, guest, guest, "Гость",
                "+77011234567", "kk"));
    }

    private List<ConsumerRecord<String, String>> changesOf(TopicProbe probe, UUID booking, int count) {
        List<ConsumerRecord<String, String>> changes = probe.await(r -> r.key().equals(booking.toString()), count,
                Duration.ofSeconds(20));
        changes.forEach(c -> schemas.assertValid(TopicProbe.header(c, "ce_type"), c.value()));
        return changes;
    }

    @Test
    void aConfirmedRequestKeepsItsNightsADeclinedOneFreesThem() {
        UUID listing = listing();
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.APARTMENT_BOOKINGS)) {
            ApartmentBookings.Requested first = request(listing, new Stay(D, D.plusDays(3)), 1);
            assertEquals("pending", first.status());
            assertEquals(75_000, first.total());
            assertTrue(QuarkusTransaction.requiringNew().call(() -> bookings.confirm(first.bookingId())).isPresent());
            assertTrue(QuarkusTransaction.requiringNew().call(() -> bookings.confirm(first.bookingId())).isEmpty(),
                    "a second answer changes nothing");
            List<ConsumerRecord<String, String>> changes = changesOf(probe, first.bookingId(), 2);
            assertEquals(EventTypes.APARTMENT_BOOKING_REQUESTED, TopicProbe.header(changes.get(0), "ce_type"));
            assertEquals(EventTypes.APARTMENT_BOOKING_CONFIRMED, TopicProbe.header(changes.get(1), "ce_type"));

            ApartmentBookings.Requested second = request(listing, new Stay(D.plusDays(5), D.plusDays(7)), 2);
            QuarkusTransaction.requiringNew().run(() -> bookings.decline(second.bookingId()));
            assertEquals(EventTypes.APARTMENT_BOOKING_DECLINED,
                    TopicProbe.header(changesOf(probe, second.bookingId(), 2).get(1), "ce_type"));
            assertEquals("pending", request(listing, new Stay(D.plusDays(5), D.plusDays(7)), 3).status(),
                    "the declined nights are free again");
        }
    }

    @Test
    void anUnansweredRequestExpiresAndFreesItsNights() throws Exception {
        UUID listing = listing();
        // the probe reads from before the request: its "requested" may be relayed from the outbox at any moment
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.APARTMENT_BOOKINGS)) {
            ApartmentBookings.Requested waiting = request(listing, new Stay(D.plusDays(10), D.plusDays(12)), 4);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE apartments.stay SET expires_at = now() - interval '1 minute' WHERE id = '"
                        + waiting.bookingId() + "'");
            }
            bookings.expireUnanswered();
            List<ConsumerRecord<String, String>> changes = changesOf(probe, waiting.bookingId(), 2);
            assertEquals(EventTypes.APARTMENT_BOOKING_REQUESTED, TopicProbe.header(changes.get(0), "ce_type"));
            assertEquals(EventTypes.APARTMENT_BOOKING_EXPIRED, TopicProbe.header(changes.get(1), "ce_type"));
        }
        assertEquals("pending", request(listing, new Stay(D.plusDays(10), D.plusDays(12)), 5).status());
    }

    @Test
    void cancellingIsFreeEarlyAndCostsTheFirstNightLate() {
        UUID listing = listing();
        ApartmentBookings.Requested early = request(listing, new Stay(D.plusDays(20), D.plusDays(22)), 6);
        ApartmentBookings.Cancellation free = QuarkusTransaction.requiringNew().call(() ->
                bookings.cancel(early.bookingId(), 6, D.plusDays(15))).orElseThrow();
        assertTrue(free.free());
        assertEquals(0, free.fee());

        ApartmentBookings.Requested late = request(listing, new Stay(D.plusDays(30), D.plusDays(33)), 7);
        ApartmentBookings.Cancellation paid = QuarkusTransaction.requiringNew().call(() ->
                bookings.cancel(late.bookingId(), 7, D.plusDays(29))).orElseThrow();
        assertFalse(paid.free());
        assertEquals(25_000, paid.fee());

        assertTrue(QuarkusTransaction.requiringNew().call(() -> bookings.cancel(late.bookingId(), 7, D)).isEmpty(),
                "already cancelled");
        ApartmentBookings.Requested someoneElses = request(listing, new Stay(D.plusDays(40), D.plusDays(41)), 8);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> bookings.cancel(someoneElses.bookingId(), 9, D)).isEmpty(),
                "a guest cancels only their own booking");
        assertEquals("pending", request(listing, new Stay(D.plusDays(30), D.plusDays(33)), 10).status(),
                "cancelled nights are free again at once");
    }
}
