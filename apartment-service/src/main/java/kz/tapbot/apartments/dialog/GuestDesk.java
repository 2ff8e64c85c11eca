package kz.tapbot.apartments.dialog;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.apartments.booking.ApartmentBooking;
import kz.tapbot.apartments.booking.ApartmentBookings;
import kz.tapbot.apartments.listing.Listing;
import kz.tapbot.apartments.listing.ListingRepository;
import kz.tapbot.apartments.search.ListingSearch;
import kz.tapbot.apartments.stay.StayCalendar;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.dialog.Language;

/**
 * Carries out what guests ask for in the bot: result cards, the booking summary, the booking itself
 * (the landlord is told, with Confirm/Decline buttons unless the listing books instantly), their
 * bookings and cancelling. Runs inside the conversation's transaction.
 */
@ApplicationScoped
public class GuestDesk {

    private final ListingSearch search;
    private final ListingRepository listings;
    private final ApartmentBookings bookings;
    private final StayCalendar calendar;
    private final Places places;
    private final Clock clock;
    private final ApartmentSettings settings;

    GuestDesk(ListingSearch search, ListingRepository listings, ApartmentBookings bookings, StayCalendar calendar,
              Places places, Clock clock, ApartmentSettings settings) {
        this.search = search;
        this.listings = listings;
        this.bookings = bookings;
        this.calendar = calendar;
        this.places = places;
        this.clock = clock;
        this.settings = settings;
    }

    List<BotReply> showResult(ApartmentAction.ShowResult show, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        ListingSearch.Query q = show.query();
        int position = show.position();
        // one more than shown, to know whether there is a next one
        List<ListingSearch.Result> found = search.search(new ListingSearch.Query(q.city(), q.stay(), q.guests(),
                q.budgetMax(), q.amenities(), q.wishes(), q.nearLat(), q.nearLon(), q.radiusKm(), position + 2));
        if (found.size() <= position) {
            return List.of(say(update.chatId(), position == 0 ? t.nothingFound() : t.noMoreResults(),
                    List.of(List.of(new Button(t.newSearchButton(), "search")))));
        }
        ListingSearch.Result result = found.get(position);
        Listing l = result.listing();
        List<Button> row = new ArrayList<>();
        row.add(new Button(t.bookButton(), "book:" + l.id()));
        if (found.size() > position + 1) {
            row.add(new Button(t.nextButton(), "next:" + (position + 1)));
        }
        BotReply card = say(update.chatId(), t.card(position, l.title(), l.district(), city(l.city(), language),
                l.pricePerNight(), result.total(), q.stay().nights(), l.rooms(), l.maxGuests(), l.amenities(), l.rating(),
                result.score()), List.of(row, List.of(new Button(t.newSearchButton(), "search"))));
        return List.of(l.photos().isEmpty() ? card : card.withPhoto(l.photos().get(0)));
    }

    List<BotReply> showSummary(ApartmentAction.ShowSummary show, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<Listing> listing = bookable(show.listingId(), show.guests());
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.listingUnavailable(), null));
        }
        if (!calendar.holds(show.listingId(), show.stay().checkIn(), show.stay().checkOut()).isEmpty()) {
            return List.of(say(update.chatId(), t.datesTaken(), null));
        }
        Listing l = listing.get();
        String rules = l.houseRules() == null || l.houseRules().isBlank() ? t.defaultRules() : l.houseRules();
        return List.of(say(update.chatId(), t.summary(l.title(), city(l.city(), language), show.stay().checkIn(),
                show.stay().checkOut(), show.stay().nights(), show.guests(), show.stay().total(l.pricePerNight()), rules,
                l.freeCancellationDays(), l.pricePerNight(), l.instantBook(), bookings.landlordAnswersWithin().toMinutes()),
                List.of(List.of(new Button(t.confirmButton(), "bookok")), List.of(new Button(t.backButton(), "next:0")))));
    }

    List<BotReply> book(ApartmentAction.RequestBooking request, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<Listing> listing = bookable(request.listingId(), request.guests());
        if (listing.isEmpty()) {
            return List.of(say(update.chatId(), t.listingUnavailable(), null));
        }
        if (!calendar.holds(request.listingId(), request.stay().checkIn(), request.stay().checkOut()).isEmpty()) {
            return List.of(say(update.chatId(), t.datesTaken(), null));
        }
        // a booking racing ours for the same nights makes the database refuse this one: the transaction
        // rolls back, the message is handled again, and the check above answers "taken"
        ApartmentBookings.Requested booked = bookings.request(request.listingId(), request.stay(), request.guests(),
                update.user().id(), update.chatId(), guestName(update.user()), null, language.code());
        Listing l = listing.get();
        List<BotReply> replies = new ArrayList<>();
        long minutes = bookings.landlordAnswersWithin().toMinutes();
        if ("confirmed".equals(booked.status())) {
            replies.add(say(update.chatId(), t.confirmed(l.title(), request.stay().checkIn(), request.stay().checkOut(),
                    booked.total(), city(l.city(), language) + ", " + l.address(), contact(l)), null));
        } else {
            replies.add(say(update.chatId(), t.requestSent(minutes), null));
        }
        if (l.landlordChatId() != null) {
            ApartmentTexts landlord = new ApartmentTexts(Language.of(l.landlordLanguage()));
            ApartmentBooking booking = calendar.booking(booked.bookingId()).orElseThrow();
            if ("confirmed".equals(booked.status())) {
                replies.add(say(l.landlordChatId(), landlord.instantBooked(booking.guestName(), l.title(),
                        booking.stay().checkIn(), booking.stay().checkOut(), booking.guests(), booking.total()), null));
            } else {
                replies.add(say(l.landlordChatId(), landlord.newRequest(booking.guestName(), l.title(),
                        booking.stay().checkIn(), booking.stay().checkOut(), booking.stay().nights(), booking.guests(),
                        booking.total(), minutes), List.of(List.of(
                        new Button(landlord.acceptButton(), "lconfirm:" + booking.id()),
                        new Button(landlord.declineButton(), "ldecline:" + booking.id())))));
            }
        }
        return replies;
    }

    List<BotReply> myBookings(BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        LocalDate today = today();
        List<ApartmentBooking> mine = calendar.bookingsOf(update.user().id()).stream()
                .filter(b -> b.stay().checkOut().isAfter(today)).limit(10).toList();
        if (mine.isEmpty()) {
            return List.of(say(update.chatId(), t.noBookings(), null));
        }
        StringBuilder text = new StringBuilder(t.myBookingsTitle());
        List<List<Button>> buttons = new ArrayList<>();
        for (ApartmentBooking b : mine) {
            Listing l = listings.find(b.listingId()).orElseThrow();
            text.append("\n").append(t.bookingLine(l.title(), b.stay().checkIn(), b.stay().checkOut(), b.total(), b.status()));
            if ("confirmed".equals(b.status())) {
                text.append("\n  ").append(city(l.city(), language)).append(", ").append(l.address())
                        .append(" · ").append(contact(l));
            }
            if (b.holdsNights()) {
                text.append("\n  ").append(t.policy(l.freeCancellationDays(), l.pricePerNight()));
                buttons.add(List.of(new Button(t.cancelBookingButton(b.stay().checkIn()), "cancel:" + b.id())));
            }
        }
        return List.of(say(update.chatId(), text.toString(), buttons.isEmpty() ? null : buttons));
    }

    List<BotReply> cancel(ApartmentAction.CancelBooking cancel, BotUpdate update, Language language) {
        ApartmentTexts t = new ApartmentTexts(language);
        Optional<ApartmentBookings.Cancellation> done = bookings.cancel(cancel.bookingId(), update.user().id(), today());
        if (done.isEmpty()) {
            return List.of(say(update.chatId(), t.notCancellable(), null));
        }
        ApartmentBooking b = done.get().booking();
        List<BotReply> replies = new ArrayList<>();
        replies.add(say(update.chatId(), t.cancelled(done.get().free(), done.get().fee()), null));
        listings.find(b.listingId()).filter(l -> l.landlordChatId() != null).ifPresent(l -> replies.add(say(
                l.landlordChatId(), new ApartmentTexts(Language.of(l.landlordLanguage())).guestCancelled(l.title(), b.stay().checkIn(),
                        b.stay().checkOut()), null)));
        return replies;
    }

    /** An operator cancelled a booking: the guest and the landlord are told. */
    public List<BotReply> cancelledByOperator(ApartmentBooking b) {
        Listing l = listings.find(b.listingId()).orElseThrow();
        List<BotReply> replies = new ArrayList<>();
        replies.add(say(b.guestChatId(), new ApartmentTexts(Language.of(b.guestLanguage()))
                .cancelledBySupport(l.title(), b.stay().checkIn()), null));
        if (l.landlordChatId() != null) {
            replies.add(say(l.landlordChatId(), new ApartmentTexts(Language.of(l.landlordLanguage()))
                    .cancelledBySupport(l.title(), b.stay().checkIn()), null));
        }
        return replies;
    }

    /** An operator confirmed or declined a request for a listing no landlord answers in the bot: the guest is told. */
    public List<BotReply> answeredByOperator(ApartmentBooking b, boolean confirmed) {
        Listing l = listings.find(b.listingId()).orElseThrow();
        Language language = Language.of(b.guestLanguage());
        ApartmentTexts t = new ApartmentTexts(language);
        return List.of(say(b.guestChatId(), confirmed ? t.confirmed(l.title(), b.stay().checkIn(), b.stay().checkOut(),
                b.total(), city(l.city(), language) + ", " + l.address(), contact(l)) : t.declined(l.title(),
                b.stay().checkIn()), null));
    }

    private Optional<Listing> bookable(java.util.UUID listingId, int guests) {
        return listings.find(listingId).filter(Listing::isActive).filter(l -> l.fits(guests));
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(settings.zone()));
    }

    private String city(String name, Language language) {
        return places.displayName(name, language.code());
    }

    static String contact(Listing listing) {
        return listing.landlordContact() == null ? "—" : listing.landlordContact();
    }

    static String guestName(BotUpdate.User user) {
        String name = user.firstName() == null ? "" : user.firstName();
        return user.username() == null ? name : (name + " @" + user.username()).trim();
    }

    static BotReply say(long chatId, String text, List<List<Button>> keyboard) {
        return new BotReply(ApartmentDialog.BOT, chatId, text, keyboard, null, null, null, null, null);
    }
}
