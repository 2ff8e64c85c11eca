package kz.tapbot.taxi.dialog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.HandOver;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.SessionStore;
import kz.tapbot.platform.messaging.IncomingEvents;
import kz.tapbot.platform.outbox.ProcessedEvents;
import kz.tapbot.platform.outbox.ReplyOutbox;
import kz.tapbot.taxi.TaxiSettings;
import kz.tapbot.taxi.booking.TaxiBookings;
import kz.tapbot.taxi.driver.DriverRepository;
import kz.tapbot.geo.Places;
import kz.tapbot.taxi.geo.Tariff;

/**
 * One taxi-bot message, handled exactly once: the dialog decides, {@link TaxiBookings} carries out
 * its action, and the replies go to the outbox, all in one transaction that also marks the message
 * processed. Returns the session to keep, or empty for a message already handled.
 */
@ApplicationScoped
public class TaxiConversation {

    private final TaxiDialog dialog = new TaxiDialog();
    private final ProcessedEvents processed;
    private final SessionStore sessions;
    private final TaxiBookings bookings;
    private final DriverRepository drivers;
    private final ReplyOutbox replies;
    private final Places gazetteer;
    private final Tariff tariff;
    private final Clock clock;
    private final TaxiSettings settings;
    private final HandOver handOver;

    TaxiConversation(ProcessedEvents processed, SessionStore sessions, TaxiBookings bookings, DriverRepository drivers,
                     ReplyOutbox replies, Places gazetteer, Tariff tariff, Clock clock, TaxiSettings settings,
                     HandOver handOver) {
        this.handOver = handOver;
        this.processed = processed;
        this.sessions = sessions;
        this.bookings = bookings;
        this.drivers = drivers;
        this.replies = replies;
        this.gazetteer = gazetteer;
        this.tariff = tariff;
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
        DialogContext context = new DialogContext(LocalDateTime.now(clock.withZone(settings.zone())),
                drivers.find(update.user().id()).isPresent(), gazetteer, tariff);
        Session session = sessions.loadFor(TaxiDialog.BOT, update.chatId(), received.event().id(), Session.class)
                .filter(s -> s.state() != null).orElseGet(Session::fresh);
        Step step = dialog.step(session, message, context);
        List<BotReply> answer = new ArrayList<>(step.replies());
        Language language = Language.spoken(step.next().language(), message);
        step.action().ifPresent(action -> {
            if (action instanceof TaxiAction.HandOver h) {
                handOver.toAi(received.event().id(), message, language, h.step(), h.pendingQuestion(), h.keyboard());
            } else {
                answer.addAll(bookings.carryOut(action, update, language));
            }
        });
        replies.reply(received.event().id(), answer);
        // before the commit: a redelivery of this event (the commit never happened) starts from `session` again
        sessions.saveFrom(TaxiDialog.BOT, update.chatId(), received.event().id(), session, step.next());
        return Optional.of(step.next());
    }

}
