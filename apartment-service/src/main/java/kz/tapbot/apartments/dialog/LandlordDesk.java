package kz.tapbot.apartments.dialog;

import static kz.tapbot.apartments.dialog.GuestDesk.contact;
import static kz.tapbot.apartments.dialog.GuestDesk.say;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.booking.ApartmentBooking;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.listing.Listings;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.dialog.Language;

/**
 * Carries out what landlords ask for in the bot: publishing a listing, their listings with price,
 * block/unblock, pause and upcoming stays, and answering booking requests (the guest is told; the
 * address and contact go to the guest only on confirmation). Only a listing's owner may touch it.
 */
@ApplicationScoped
public class LandlordDesk {

    private final Listings changes;
    private final ListingRepository listings;
    private final ApartmentBookings bookings;
    private final StayCalendar calendar;
    private final Places places;
    private final Clock clock;
    private final ApartmentSettings settings;

    LandlordDesk(Listings changes, ListingRepository listings, ApartmentBookings bookings, StayCalendar calendar,
                 Places places, Clock clock, ApartmentSettings settings) {
        this.changes = changes;
        this.listings = listings;
        this.bookings = bookings;
        this.calendar = calendar;
        this.places = places;
        this.clock = clock;
        this.settings = settings;
    }

    List<BotReply> add(ApartmentAction.AddListing draft, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Listing listing = changes.add(new Listing(UUID.randomUUID(), null, update.user().id(), update.chatId(),
                t.listingTitle(draft.rooms(), city(draft.city(), language)), draft.city(), null, draft.address(), draft.lat(), draft.lon(),
                draft.rooms(), draft.maxGuests(), draft.pricePerNight(), draft.amenities(), draft.description(),
                draft.photos(), draft.instantBook(), settings.freeCancellationDays(), Listing.ACTIVE, draft.contact(), null,
                null, language.code()));
        return List.of(say(update.chatId(), t.published(listing.title()), manageButtons(listing, t)));
    }

    List<BotReply> myListings(BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        List<Listing> mine = listings.ofLandlord(update.user().id());
        if (mine.isEmpty()) {
            return List.of(say(update.chatId(), t.noListings(), null));
        }
        List<BotReply> replies = new ArrayList<>();
        for (Listing l : mine) {
            int upcoming = calendar.upcomingAt(l.id(), today()).size();
            replies.add(say(update.chatId(), t.listingLine(l.title(), city(l.city(), language), l.pricePerNight(), l.status(),
                    upcoming), manageButtons(l, t)));
        }
        return replies;
    }

    List<BotReply> changePrice(ApartmentAction.ChangePrice change, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        return owned(change.listingId(), update, t).map(l -> {
            Listing changed = changes.changePrice(l.id(), change.pricePerNight()).orElseThrow();
            return List.of(say(update.chatId(), t.priceChanged(changed.title(), changed.pricePerNight()),
                    manageButtons(changed, t)));
        }).orElseGet(() -> List.of(say(update.chatId(), t.notYourListing(), null)));
    }

    List<BotReply> block(ApartmentAction.Block block, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<Listing> listing = owned(block.listingId(), update, t);
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.notYourListing(), null));
        }
        if (!calendar.holds(block.listingId(), block.stay().checkIn(), block.stay().checkOut()).isEmpty()) {
            return List.of(say(update.chatId(), t.datesNotFree(), manageButtons(listing.get(), t)));
        }
        // a booking racing this block makes the database refuse it; the message is then handled again
        calendar.block(block.listingId(), block.stay());
        return List.of(say(update.chatId(), t.blocked(block.stay().checkIn(), block.stay().checkOut().minusDays(1)),
                manageButtons(listing.get(), t)));
    }

    List<BotReply> showBlocks(ApartmentAction.ShowBlocks show, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        if (owned(show.listingId(), update, t).isEmpty()) {
            return List.of(say(update.chatId(), t.notYourListing(), null));
        }
        List<StayCalendar.Entry> blocks = calendar.blocksAt(show.listingId(), today());
        if (blocks.isEmpty()) {
            return List.of(say(update.chatId(), t.noBlocks(), null));
        }
        List<List<Button>> buttons = blocks.stream().limit(20).map(b -> List.of(new Button("✅ "
                + ApartmentTexts.day(b.checkIn()) + " — " + ApartmentTexts.day(b.checkOut().minusDays(1)), "unblk:" + b.id())))
                .toList();
        return List.of(say(update.chatId(), t.blocksTitle(), buttons));
    }

    List<BotReply> unblock(ApartmentAction.Unblock unblock, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<Listing> listing = calendar.listingOf(unblock.blockId()).flatMap(id -> owned(id, update, t));
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.notYourListing(), null));
        }
        calendar.release(unblock.blockId(), "unblocked");
        return List.of(say(update.chatId(), t.unblocked(), manageButtons(listing.get(), t)));
    }

    List<BotReply> setPaused(ApartmentAction.SetPaused pause, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        return owned(pause.listingId(), update, t).map(l -> {
            Listing changed = changes.changeStatus(l.id(), pause.paused() ? Listing.PAUSED : Listing.ACTIVE).orElseThrow();
            return List.of(say(update.chatId(), t.paused(pause.paused(), changed.title()), manageButtons(changed, t)));
        }).orElseGet(() -> List.of(say(update.chatId(), t.notYourListing(), null)));
    }

    List<BotReply> showStays(ApartmentAction.ShowStays show, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<Listing> listing = owned(show.listingId(), update, t);
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.notYourListing(), null));
        }
        List<ApartmentBooking> stays = calendar.upcomingAt(show.listingId(), today());
        if (stays.isEmpty()) {
            return List.of(say(update.chatId(), t.noStays(), null));
        }
        StringBuilder text = new StringBuilder(t.staysTitle(listing.get().title()));
        List<List<Button>> buttons = new ArrayList<>();
        for (ApartmentBooking b : stays) {
            text.append("\n").append(t.stayLine(b.stay().checkIn(), b.stay().checkOut(), b.guests(), b.total(), b.status(),
                    b.guestName()));
            if ("pending".equals(b.status())) {
                buttons.add(List.of(new Button(t.acceptButton() + " " + ApartmentTexts.day(b.stay().checkIn()),
                        "lconfirm:" + b.id()), new Button(t.declineButton(), "ldecline:" + b.id())));
            }
        }
        return List.of(say(update.chatId(), text.toString(), buttons.isEmpty() ? null : buttons));
    }

    List<BotReply> answer(ApartmentAction.Answer answer, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<ApartmentBooking> booking = calendar.booking(answer.bookingId());
        Optional<Listing> listing = booking.flatMap(b -> owned(b.listingId(), update, t));
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.notYourListing(), null));
        }
        Optional<ApartmentBooking> settled = answer.confirm() ? bookings.confirm(answer.bookingId())
                : bookings.decline(answer.bookingId());
        if (settled.isEmpty()) {
            return List.of(say(update.chatId(), t.alreadyAnswered(), null));
        }
        Listing l = listing.get();
        ApartmentBooking b = settled.get();
        Language guestLanguage = Language.of(b.guestLanguage());
        ApartmentTexts guest = new ApartmentTexts(guestLanguage);
        List<BotReply> replies = new ArrayList<>();
        if (answer.confirm()) {
            replies.add(say(update.chatId(), t.youConfirmed(l.title(), b.stay().checkIn()), null));
            replies.add(say(b.guestChatId(), guest.confirmed(l.title(), b.stay().checkIn(), b.stay().checkOut(), b.total(),
                    city(l.city(), guestLanguage) + ", " + l.address(), contact(l)), null));
        } else {
            replies.add(say(update.chatId(), t.youDeclined(l.title(), b.stay().checkIn()), null));
            replies.add(say(b.guestChatId(), guest.declined(l.title(), b.stay().checkIn()), null));
        }
        return replies;
    }

    /** The listing, if the one asking owns it. */
    private Optional<Listing> owned(UUID listingId, BotUpdate update, ApartmentTexts t) {
        return listings.find(listingId).filter(l -> l.isOwnedBy(update.user().id()))
                .filter(l -> !Listing.ARCHIVED.equals(l.status()));
    }

    private static List<List<Button>> manageButtons(Listing l, ApartmentTexts t) {
        String id = l.id().toString();
        return List.of(
                List.of(new Button(t.priceButton(), "price:" + id), new Button(t.staysButton(), "stays:" + id)),
                List.of(new Button(t.blockButton(), "block:" + id), new Button(t.unblockButton(), "unblock:" + id)),
                List.of(l.isActive() ? new Button(t.pauseButton(), "pause:" + id) : new Button(t.resumeButton(), "resume:" + id)));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(settings.zone()));
    }

    private String city(String name, Language language) {
        return places.displayName(name, language.code());
    }
}
