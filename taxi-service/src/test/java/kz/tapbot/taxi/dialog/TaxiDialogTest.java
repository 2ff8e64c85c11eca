package kz.tapbot.taxi.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.taxi.dialog.Session.State;
import kz.tapbot.geo.GazetteerLoader;
import kz.tapbot.taxi.geo.Tariff;
import org.junit.jupiter.api.Test;

/** The taxi dialog alone: every step, every bad input, no server. */
class TaxiDialogTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 25, 10, 0);
    private static final LocalDate TOMORROW = NOW.toLocalDate().plusDays(1);

    private final TaxiDialog dialog = new TaxiDialog();
    private final DialogContext passengerContext = new DialogContext(NOW, false, GazetteerLoader.bundled(),
            new Tariff(12, 2000, 1.25));
    private final DialogContext driverContext = new DialogContext(NOW, true, GazetteerLoader.bundled(),
            new Tariff(12, 2000, 1.25));

    private Session session = Session.fresh();
    private Step last;

    private static BotMessage text(String text, String language) {
        return message(text, null, null, language, "unknown", Map.of());
    }

    private static BotMessage press(String data) {
        return message(null, new BotUpdate.Callback("cb-" + data, data, 9L), null, "ru", "unknown", Map.of());
    }

    private static BotMessage contact(String phone) {
        return message(null, null, new BotUpdate.Contact(phone, 42L, "Dana"), "ru", "unknown", Map.of());
    }

    private static BotMessage message(String text, BotUpdate.Callback press, BotUpdate.Contact contact, String language,
                                      String intent, Map<String, Object> entities) {
        BotUpdate update = new BotUpdate("taxi", 1, 42, press == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(42, "Dana", null, null, language), 5L, text, press, contact, null, Instant.now());
        return new BotMessage(update, intent, 0.9, language, entities);
    }

    private Step send(BotMessage message) {
        return send(message, passengerContext);
    }

    private Step send(BotMessage message, DialogContext context) {
        last = dialog.step(session, message, context);
        session = last.next();
        return last;
    }

    private String said() {
        return last.replies().get(last.replies().size() - 1).text();
    }

    private BotReply reply() {
        return last.replies().get(0);
    }

    private List<String> buttons() {
        return reply().inlineKeyboard().stream().flatMap(List::stream).map(BotReply.Button::callbackData).toList();
    }

    @Test
    void startGreetsByNameInTheUsersLanguageWithTheMenu() {
        send(text("/start", "kk"));
        assertTrue(said().startsWith("Сәлеметсіз бе, Dana!"));
        assertTrue(buttons().contains("book"));
        send(text("/start", "en"));
        assertTrue(said().startsWith("Hello, Dana!"));
    }

    @Test
    void languageCanBeSwitchedWithLang() {
        send(text("/lang", "ru"));
        assertEquals(List.of("lang:ru", "lang:kk", "lang:en"), buttons());
        send(press("lang:en"));
        assertEquals("en", session.language());
        assertEquals("cb-lang:en", reply().callbackQueryId());
        send(text("/help", "ru"));
        assertTrue(said().startsWith("Passengers:"), "the switch outlives the Telegram language code");
    }

    @Test
    void aWholeBookingByButtons() {
        send(text("/book", "ru"));
        assertEquals(State.ASK_FROM, session.state());
        assertTrue(buttons().contains("city:Almaty"));
        send(press("city:Almaty"));
        assertEquals(State.ASK_TO, session.state());
        assertTrue(!buttons().contains("city:Almaty"), "the city left from is not offered as destination");
        send(press("city:Astana"));
        assertEquals(State.ASK_DATE, session.state());
        assertTrue(buttons().contains("date:" + TOMORROW));
        send(press("date:" + TOMORROW));
        assertEquals(State.ASK_SEATS, session.state());
        send(press("seats:2"));
        assertEquals(State.ASK_PHONE, session.state());
        assertNotNull(reply().contactRequest(), "the phone step offers Telegram's contact button");
        send(contact("+77011234567"));
        assertEquals(State.CONFIRM, session.state());
        assertTrue(said().contains("Алматы → Астана"), said());
        assertTrue(said().contains("+77011234567"));
        assertTrue(said().contains("₸"), "a price estimate: " + said());
        assertEquals(List.of("confirm", "change", "abort"), buttons());
        send(press("confirm"));
        TaxiAction.RequestRide ride = assertInstanceOf(TaxiAction.RequestRide.class, last.action().orElseThrow());
        assertEquals(new TaxiAction.RequestRide("Almaty", "Astana", TOMORROW, 2, "+77011234567"), ride);
        assertEquals(State.IDLE, session.state());
        assertEquals("cb-confirm", reply().callbackQueryId(), "the press is answered even when the service speaks");
    }

    @Test
    void oneFreeTextMessageFillsEverySlotItGivesAndOnlyTheRestIsAsked() {
        send(text("нужно такси из Алматы в Астану завтра на двоих", "ru"));
        assertEquals(State.ASK_PHONE, session.state());
        assertEquals("Almaty", session.slot(Session.FROM).orElseThrow());
        assertEquals("Astana", session.slot(Session.TO).orElseThrow());
        assertEquals(TOMORROW.toString(), session.slot(Session.DATE).orElseThrow());
        assertEquals("2", session.slot(Session.SEATS).orElseThrow());
    }

    @Test
    void kazakhFreeTextIsUnderstoodToo() {
        send(text("Алматыдан Астанаға ертең", "kk"));
        assertEquals(State.ASK_SEATS, session.state());
        assertEquals("Almaty", session.slot(Session.FROM).orElseThrow());
        assertEquals("Astana", session.slot(Session.TO).orElseThrow());
    }

    @Test
    void entitiesFromTheParserAreTakenAsGiven() {
        send(message("хочу уехать", null, null, "ru", "taxi.book",
                Map.of("from_city", "Shymkent", "to_city", "Almaty", "date", TOMORROW.toString(), "seats", 3,
                        "phone", "+77051112233")));
        assertEquals(State.CONFIRM, session.state());
        assertTrue(said().contains("Шымкент → Алматы"), said());
    }

    @Test
    void anUnknownOrRepeatedCityIsAskedAgain() {
        send(text("/book", "ru"));
        send(text("Москва", "ru"));
        assertEquals(State.ASK_FROM, session.state());
        assertTrue(said().startsWith("Не знаю такого города"));
        send(text("Астана", "ru"));
        send(text("Астана", "ru"));
        assertEquals(State.ASK_TO, session.state());
        assertTrue(said().startsWith("Город назначения совпадает"));
    }

    @Test
    void badDatesAreAskedAgain() {
        session = Session.fresh().with(Session.FROM, "Almaty").with(Session.TO, "Astana").in(State.ASK_DATE);
        send(text("01.01.2020", "ru"));
        assertEquals(State.ASK_DATE, session.state());
        assertTrue(said().startsWith("Эта дата уже прошла"));
        send(text("когда-нибудь", "ru"));
        assertTrue(said().startsWith("Не понял дату"));
        send(text("01.06.2027", "ru"));
        assertTrue(said().startsWith("Бронируем не дальше"));
        send(text("завтра", "ru"));
        assertEquals(State.ASK_SEATS, session.state());
    }

    @Test
    void zeroOrTwentySeatsAreAskedAgain() {
        session = Session.fresh().with(Session.FROM, "Almaty").with(Session.TO, "Astana")
                .with(Session.DATE, TOMORROW).in(State.ASK_SEATS);
        send(text("0", "ru"));
        assertEquals(State.ASK_SEATS, session.state());
        assertTrue(said().startsWith("Нужно число мест"));
        send(text("20", "ru"));
        assertEquals(State.ASK_SEATS, session.state());
        send(text("3", "ru"));
        assertEquals(State.ASK_PHONE, session.state());
    }

    @Test
    void aMalformedPhoneIsAskedAgainWithTheContactButton() {
        session = Session.fresh().with(Session.FROM, "Almaty").with(Session.TO, "Astana")
                .with(Session.DATE, TOMORROW).with(Session.SEATS, 1).in(State.ASK_PHONE);
        send(text("12345", "ru"));
        assertEquals(State.ASK_PHONE, session.state());
        assertTrue(said().startsWith("Это не похоже на номер"));
        assertNotNull(reply().contactRequest());
        send(text("8 701 123 45 67", "ru"));
        assertEquals(State.CONFIRM, session.state());
        assertEquals("+77011234567", session.slot(Session.PHONE).orElseThrow());
    }

    @Test
    void aButtonFromAnExpiredStepRestartsPolitely() {
        send(press("seats:2"));
        assertEquals(State.IDLE, session.state());
        assertTrue(said().startsWith("Этот шаг уже устарел"));
        assertEquals("cb-seats:2", reply().callbackQueryId());
    }

    @Test
    void cancelLeavesTheDialogAtAnyStep() {
        send(text("/book", "ru"));
        send(press("city:Almaty"));
        send(text("/cancel", "ru"));
        assertEquals(State.IDLE, session.state());
        assertTrue(said().startsWith("Хорошо, отменил"));
        assertTrue(session.slot(Session.FROM).isEmpty());
    }

    @Test
    void changeStartsTheBookingOverKeepingThePhone() {
        session = Session.fresh().with(Session.FROM, "Almaty").with(Session.TO, "Astana").with(Session.DATE, TOMORROW)
                .with(Session.SEATS, 1).with(Session.PHONE, "+77011234567").in(State.CONFIRM);
        send(press("change"));
        assertEquals(State.ASK_FROM, session.state());
        assertEquals("+77011234567", session.slot(Session.PHONE).orElseThrow());
    }

    @Test
    void myTripsCancelAndAcceptButtonsBecomeActions() {
        UUID id = UUID.randomUUID();
        send(text("/mytrips", "ru"));
        assertInstanceOf(TaxiAction.ShowMyTrips.class, last.action().orElseThrow());
        send(press("cancel:" + id));
        assertEquals(new TaxiAction.CancelBooking(id), last.action().orElseThrow());
        send(press("accept:" + id));
        assertEquals(new TaxiAction.AcceptRequest(id), last.action().orElseThrow());
        send(press("cancel:not-a-uuid"));
        assertTrue(last.action().isEmpty());
        assertTrue(said().startsWith("Этот шаг уже устарел"));
    }

    @Test
    void aDriverRegistersOnce() {
        send(text("/driver", "ru"));
        assertEquals(State.DRIVER_NAME, session.state());
        send(text("Ерлан", "ru"));
        send(text("Toyota Camry", "ru"));
        send(text("ab", "ru"));
        assertEquals(State.DRIVER_PLATE, session.state());
        assertTrue(said().startsWith("Номер — это 5-10 букв"));
        send(text("123 abc 02", "ru"));
        assertEquals(State.DRIVER_PHONE, session.state());
        send(contact("+7 702 555 44 33"));
        assertEquals(new TaxiAction.RegisterDriver("Ерлан", "Toyota Camry", "123ABC02", "+77025554433"),
                last.action().orElseThrow());
    }

    @Test
    void onlyARegisteredDriverPublishesTrips() {
        send(text("/newtrip", "ru"));
        assertTrue(said().contains("/driver"));
        assertEquals(State.IDLE, session.state());
    }

    @Test
    void aDriverPublishesATripWithASuggestedPrice() {
        send(text("/newtrip", "ru"), driverContext);
        send(press("city:Almaty"), driverContext);
        send(press("city:Astana"), driverContext);
        send(text("сегодня", "ru"), driverContext);
        assertEquals(State.TRIP_TIME, session.state());
        send(text("08:00", "ru"), driverContext);
        assertTrue(said().startsWith("Это время уже прошло"), "08:00 today is before 10:00 now");
        send(press("time:18:00"), driverContext);
        send(press("seats:4"), driverContext);
        assertEquals(State.TRIP_PRICE, session.state());
        String suggested = buttons().get(0);
        assertTrue(suggested.startsWith("price:"));
        send(text("300", "ru"), driverContext);
        assertTrue(said().startsWith("Цена — число тенге"));
        send(press(suggested), driverContext);
        assertEquals(State.TRIP_CONFIRM, session.state());
        send(press("confirm"), driverContext);
        TaxiAction.PublishTrip trip = assertInstanceOf(TaxiAction.PublishTrip.class, last.action().orElseThrow());
        assertEquals(LocalTime.of(18, 0), trip.time());
        assertEquals(4, trip.seats());
        assertEquals(Long.parseLong(suggested.substring(6)), trip.pricePerSeat());
    }

    @Test
    void smallTalkIsHandedToTheAiWithTheMenuAndTheDialogSaysNothing() {
        send(text("как дела?", "ru"));
        assertEquals(State.IDLE, session.state());
        assertTrue(last.replies().isEmpty(), "one message, one answer: ai-service gives it");
        TaxiAction.HandOver handOver = assertInstanceOf(TaxiAction.HandOver.class, last.action().orElseThrow());
        assertEquals("IDLE", handOver.step());
        assertTrue(handOver.keyboard().stream().flatMap(List::stream).anyMatch(b -> b.callbackData().equals("book")));
    }

    @Test
    void anUnknownCommandIsAnsweredHere() {
        send(text("/foo", "ru"));
        assertTrue(said().startsWith("Не понял"));
        assertTrue(last.action().isEmpty());
    }

    @Test
    void aQuestionInTheMiddleOfABookingIsHandedOverWithThePendingQuestion() {
        send(text("/book", "ru"));
        send(press("city:Almaty"));
        send(press("city:Astana"));
        assertEquals(State.ASK_DATE, session.state());
        send(message("а с собакой можно?", null, null, "ru", "faq", Map.of("amenities", List.of("pets"))));
        assertEquals(State.ASK_DATE, session.state(), "the booking waits where it was");
        assertTrue(last.replies().isEmpty());
        TaxiAction.HandOver handOver = assertInstanceOf(TaxiAction.HandOver.class, last.action().orElseThrow());
        assertEquals("ASK_DATE", handOver.step());
        assertTrue(handOver.pendingQuestion().startsWith("Когда"), handOver.pendingQuestion());
        assertTrue(handOver.keyboard().stream().flatMap(List::stream).anyMatch(b -> b.callbackData().startsWith("date:")));
        send(press("date:" + TOMORROW));
        assertEquals(State.ASK_SEATS, session.state(), "and goes on after the answer");
    }
}
