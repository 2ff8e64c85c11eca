package kz.tapbot.apartments.dialog;

import static kz.tapbot.apartments.dialog.GuestDesk.say;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import kz.tapbot.apartments.booking.ApartmentBooking;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.events.BotReply;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.outbox.ReplyOutbox;

/**
 * Once a minute, requests the landlord left unanswered past the confirmation timeout expire: their
 * nights are free again, and the guest and the landlord are told (once: the expiry and its replies
 * commit together, and reply ids derive from the booking). One instance of the service runs it at a
 * time (the cluster lock apartments:request-expiry).
 */
@ApplicationScoped
public class RequestExpiry {

    private final ApartmentBookings bookings;
    private final ListingRepository listings;
    private final ReplyOutbox replies;
    private final ClusterLock cluster;

    RequestExpiry(ApartmentBookings bookings, ListingRepository listings, ReplyOutbox replies, ClusterLock cluster) {
        this.bookings = bookings;
        this.listings = listings;
        this.replies = replies;
        this.cluster = cluster;
    }

    @Scheduled(every = "${tapbot.apartments.expiry-check:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void expireUnanswered() {
        cluster.runExclusively("request-expiry", () -> QuarkusTransaction.requiringNew().run(this::expireUnansweredNow));
    }

    private void expireUnansweredNow() {
        for (ApartmentBooking b : bookings.expireUnanswered()) {
            Listing l = listings.find(b.listingId()).orElseThrow();
            List<BotReply> told = new ArrayList<>();
            told.add(say(b.guestChatId(), new ApartmentTexts(Language.of(b.guestLanguage()))
                    .expiredRequest(l.title(), b.stay().checkIn()), null));
            if (l.landlordChatId() != null) {
                told.add(say(l.landlordChatId(), new ApartmentTexts(Language.of(l.landlordLanguage()))
                        .requestExpiredForLandlord(l.title(), b.stay().checkIn()), null));
            }
            replies.reply("expired/" + b.id(), told);
        }
    }
}
