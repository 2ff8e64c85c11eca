package kz.tapbot.apartments.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.apartments.stay.StayOverlapsException;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The calendar against the real database: whatever runs at once, a night is sold once. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class NoDoubleBookingTest {

    private static final int ATTEMPTS = 40;
    private static final int ROUNDS = 10;
    private static final LocalDate D = LocalDate.of(2027, 3, 1);

    @Inject
    ApartmentBookings bookings;

    @Inject
    ListingRepository listings;

    @Inject
    StayCalendar calendar;

    private UUID listing(boolean instantBook) {
        UUID id = UUID.randomUUID();
        listings.insert(new Listing(id, null, 11L, 11L, "Квартира у Байтерека", "Astana", "Есиль", "пр. Мангилик Ел 1",
                51.128, 71.430, 2, 4, 18_000, List.of("wifi", "balcony"), "Тихо, с балконом", List.of(), instantBook, 3,
                "active", null, null, null, null));
        return id;
    }

    private Runnable book(UUID listing, Stay stay, long guest) {
        return () -> QuarkusTransaction.requiringNew().run(() -> bookings.request(listing, stay, 2, guest, guest, "Гость",
                "+77011234567", "ru"));
    }

    @Test
    void fortyGuestsAtOnceForOverlappingStaysGiveExactlyOneWinnerAndEveryOtherIsToldTaken() throws Exception {
        // several rounds, each on its own listing: a plain INSERT racing another for the same nights could end
        // in a deadlock (both index entries written, each waiting for the other), which is an error, not "taken"
        ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            UUID listing = listing(false);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> attempts = new ArrayList<>();
            for (int i = 0; i < ATTEMPTS; i++) {
                // every stay holds the night of D+10, starting anywhere from D+5 to D+10
                Stay stay = new Stay(D.plusDays(5 + i % 6), D.plusDays(11 + i % 3));
                long guest = 900_000 + round * ATTEMPTS + i;
                attempts.add(pool.submit(() -> {
                    start.await();
                    try {
                        book(listing, stay, guest).run();
                        return "booked";
                    } catch (StayOverlapsException e) {
                        return "taken";
                    } catch (RuntimeException e) {
                        Throwable cause = e;
                        while (cause.getCause() != null) {
                            cause = cause.getCause();
                        }
                        return "error: " + String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
                    }
                }));
            }
            start.countDown();
            for (Future<String> attempt : attempts) {
                outcomes.merge(attempt.get(), 1, Integer::sum);
            }
        }
        pool.shutdown();
        assertEquals(Map.of("booked", ROUNDS, "taken", ROUNDS * (ATTEMPTS - 1)), outcomes);
    }

    @Test
    void adjacentStaysAreBothBookedAndAnnounced() {
        UUID listing = listing(true);
        try (TopicProbe events = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.APARTMENT_BOOKINGS)) {
            book(listing, new Stay(D, D.plusDays(2)), 1).run();
            book(listing, new Stay(D.plusDays(2), D.plusDays(4)), 2).run();
            List<ConsumerRecord<String, String>> confirmed = events.await(
                    r -> r.value().contains(listing.toString()), 2, Duration.ofSeconds(20));
            for (ConsumerRecord<String, String> event : confirmed) {
                assertEquals(EventTypes.APARTMENT_BOOKING_CONFIRMED, TopicProbe.header(event, "ce_type"));
                new EventSchemas().assertValid(EventTypes.APARTMENT_BOOKING_CONFIRMED, event.value());
                assertEquals(false, event.value().contains("+7"), "no personal data in events");
            }
        }
    }

    @Test
    void aLandlordsBlockRefusesBookingsUntilItIsLifted() {
        UUID listing = listing(false);
        UUID block = QuarkusTransaction.requiringNew().call(() -> calendar.block(listing, new Stay(D.plusDays(20), D.plusDays(22))));
        assertThrows(StayOverlapsException.class, () -> book(listing, new Stay(D.plusDays(21), D.plusDays(23)), 3).run());
        QuarkusTransaction.requiringNew().run(() -> calendar.release(block, "unblocked"));
        book(listing, new Stay(D.plusDays(21), D.plusDays(23)), 3).run();
    }

    @Test
    void tooManyGuestsAreRefused() {
        UUID listing = listing(false);
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() ->
                bookings.request(listing, new Stay(D.plusDays(40), D.plusDays(41)), 5, 4, 4, "Гость", "+77011234567", "ru")));
    }
}
