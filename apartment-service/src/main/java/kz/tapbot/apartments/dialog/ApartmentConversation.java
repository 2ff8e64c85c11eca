package kz.tapbot.apartments.dialog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.tapbot.apartments.ApartmentSettings;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.geo.Places;
import kz.tapbot.platform.dialog.HandOver;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.geocoding.Geocoder;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.outbox.ProcessedEvents;
import kz.tapbot.platform.outbox.ReplyOutbox;

/**
 * One apartment-bot message, handled exactly once: the dialog decides, the guest or landlord desk
 * carries out its action, and the replies go to the outbox, all in one transaction that also marks
 * the message processed. Returns the session to keep, or empty for a message already handled.
 */
@ApplicationScoped
public class ApartmentConversation {

    private final ApartmentDialog dialog = new ApartmentDialog();
    private final ProcessedEvents processed;
    private final SessionStore sessions;
    private final GuestDesk guests;
    private final LandlordDesk landlords;
    private final ReplyOutbox replies;
    private final Places places;
    private final Optional<Geocoder> geocoder;
    private final Clock clock;
    private final ApartmentSettings settings;
    private final HandOver handOver;

    ApartmentConversation(ProcessedEvents processed, SessionStore sessions, GuestDesk guests, LandlordDesk landlords,
                          ReplyOutbox replies, Places places, Optional<Geocoder> geocoder, Clock clock,
                          ApartmentSettings settings, HandOver handOver) {
        this.handOver = handOver;
        this.processed = processed;
        this.sessions = sessions;
        this.guests = guests;
        this.landlords = landlords;
        this.replies = replies;
        this.places = places;
        this.geocoder = geocoder;
        this.clock = clock;
        this.settings = settings;
    }

    @Transactional
    public Optional<Session> handle(IncomingEvents.Received<BotMessage> received) {
        if (!processed.markProcessed(received.event().id())) {
            return Optional.empty();
        }
        BotMessage message = received.data();
        BotUpdate update = message.update();
        DialogContext context = new DialogContext(LocalDate.now(clock.withZone(settings.zone())), places,
                address -> geocoder.flatMap(g -> g.locate(address)));
        Session session = sessions.loadFor(ApartmentDialog.BOT, update.chatId(), received.event().id(), Session.class)
                .filter(s -> s.state() != null).orElseGet(Session::fresh);
        Step step = dialog.step(session, message, context);
        List<BotReply> answer = new ArrayList<>(step.replies());
        Language language = Language.spoken(step.next().language(), message);
        step.action().ifPresent(action -> {
            if (action instanceof ApartmentAction.HandOver h) {
                handOver.toAi(received.event().id(), message, language, h.step(), h.pendingQuestion(), h.keyboard());
            } else {
                answer.addAll(carryOut(action, update, language));
            }
        });
        replies.reply(received.event().id(), answer);
        // before the commit: a redelivery of this event (the commit never happened) starts from `session` again
        sessions.saveFrom(ApartmentDialog.BOT, update.chatId(), received.event().id(), session, step.next());
        return Optional.of(step.next());
    }

    private List<BotReply> carryOut(ApartmentAction action, BotUpdate update, Language language) {
        if (action instanceof ApartmentAction.ShowResult a) {
            return guests.showResult(a, update, language);
        } else if (action instanceof ApartmentAction.ShowSummary a) {
            return guests.showSummary(a, update, language);
        } else if (action instanceof ApartmentAction.RequestBooking a) {
            return guests.book(a, update, language);
        } else if (action instanceof ApartmentAction.ShowMyBookings) {
            return guests.myBookings(update, language);
        } else if (action instanceof ApartmentAction.CancelBooking a) {
            return guests.cancel(a, update, language);
        } else if (action instanceof ApartmentAction.AddListing a) {
            return landlords.add(a, update, language);
        } else if (action instanceof ApartmentAction.ShowMyListings) {
            return landlords.myListings(update, language);
        } else if (action instanceof ApartmentAction.ChangePrice a) {
            return landlords.changePrice(a, update, language);
        } else if (action instanceof ApartmentAction.Block a) {
            return landlords.block(a, update, language);
        } else if (action instanceof ApartmentAction.ShowBlocks a) {
            return landlords.showBlocks(a, update, language);
        } else if (action instanceof ApartmentAction.Unblock a) {
            return landlords.unblock(a, update, language);
        } else if (action instanceof ApartmentAction.SetPaused a) {
            return landlords.setPaused(a, update, language);
        } else if (action instanceof ApartmentAction.ShowStays a) {
            return landlords.showStays(a, update, language);
        } else if (action instanceof ApartmentAction.Answer a) {
            return landlords.answer(a, update, language);
        }
        throw new IllegalStateException("no desk for " + action);
    }

}
