package kz.tapbot.apartments.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.apartments.dialog.Session.State;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.geo.GazetteerLoader;
import kz.tapbot.platform.geocoding.Geocoder;
import org.junit.jupiter.api.Test;

/** The apartment dialog as a pure function: what it asks, what it refuses, and the actions it hands over. */
class ApartmentDialogTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    private static final DialogContext CONTEXT = new DialogContext(TODAY, GazetteerLoader.bundled(),
            address -> address.startsWith("Абая 10") ? Optional.of(new Geocoder.Point(43.24, 76.91)) : Optional.empty());

    private final ApartmentDialog dialog = new ApartmentDialog();

    private static BotMessage text(String text) {
        return new BotMessage(update(text, null, null, null), "unknown", 0, "ru", Map.of());
    }

    private static BotMessage press(String data) {
        return new BotMessage(update(null, new BotUpdate.Callback("cb", data, 42L), null, null), "unknown", 0, "ru", Map.of());
    }

    private static BotUpdate update(String text, BotUpdate.Callback press, BotUpdate.Location location, String photo) {
        return new BotUpdate("apartments", 1, 77, press == null ? BotUpdate.Kind.MESSAGE : BotUpdate.Kind.CALLBACK_QUERY,
                new BotUpdate.User(77, "Айгерим", null, "aigerim_kz", "ru"), 5L, text, press, null, location,
                Instant.now(), photo);
    }

    private Step run(Session session, BotMessage message) {
        return dialog.step(session, message, CONTEXT);
    }

    private static String buttons(BotReply reply) {
        return reply.inlineKeyboard() == null ? "" : reply.inlineKeyboard().toString();
    }

    @Test
    void aSearchByButtonsAsksCityDatesGuestsBudgetWishesThenShowsTheFirstResult() {
        Step city = run(Session.fresh(), text("/search"));
        assertEquals(State.CITY, city.next().state());
        assertTrue(buttons(city.replies().get(0)).contains("city:Almaty"));

        Step checkIn = run(city.next(), press("city:Almaty"));
        assertEquals(State.CHECK_IN, checkIn.next().state());
        String calendar = buttons(checkIn.replies().get(0));
        assertTrue(calendar.contains("day:2026-11-25") && calendar.contains("day:2026-11-30"), calendar);
        assertTrue(!calendar.contains("day:2026-11-24"), "no days in the past");
        assertEquals("cb", checkIn.replies().get(0).callbackQueryId(), "the press is answered");

        Step checkOut = run(checkIn.next(), press("day:2026-12-01"));
        assertTrue(checkOut.replies().get(0).text().contains("01.12.2026"));
        Step tooEarly = run(checkOut.next(), press("day:2026-12-01"));
        assertEquals(State.CHECK_OUT, tooEarly.next().state(), "check-out on check-in day is refused");
        assertTrue(tooEarly.replies().get(0).text().startsWith("Эту дату") || tooEarly.replies().get(0).text().startsWith("Выезд"));

        Step guests = run(checkOut.next(), press("day:2026-12-04"));
        Step budget = run(guests.next(), press("guests:2"));
        Step wishes = run(budget.next(), text("до 25 000"));
        assertEquals("25000", wishes.next().slot(Session.BUDGET).orElseThrow());
        Step results = run(wishes.next(), text("тихо, с балконом, рядом с метро"));

        assertEquals(State.RESULTS, results.next().state());
        ApartmentAction.ShowResult show = assertInstanceOf(ApartmentAction.ShowResult.class, results.action().orElseThrow());
        assertEquals(0, show.position());
        assertEquals("Almaty", show.query().city());
        assertEquals(new Stay(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 4)), show.query().stay());
        assertEquals(2, show.query().guests());
        assertEquals(25_000L, show.query().budgetMax());
        assertEquals("тихо, с балконом, рядом с метро", show.query().wishes());
    }

    @Test
    void oneFreeTextRequestFillsEverythingTheParserFound() {
        BotMessage parsed = new BotMessage(update("квартира в Астане с 1 по 3 декабря на двоих до 20 тыс, можно с собакой",
                null, null, null), "apartment.search", 0.9, "ru", Map.of("city", "Astana", "check_in", "2026-12-01",
                "check_out", "2026-12-03", "guests", 2, "budget_max", 20000, "amenities", List.of("pets")));
        Step step = run(Session.fresh(), parsed);
        ApartmentAction.ShowResult show = assertInstanceOf(ApartmentAction.ShowResult.class, step.action().orElseThrow());
        assertEquals("Astana", show.query().city());
        assertEquals(2, show.query().stay().nights());
        assertEquals(List.of("pets"), show.query().amenities());
        assertEquals(20_000L, show.query().budgetMax());
    }

    @Test
    void withoutTheParserACityInTheTextStartsTheSearchAndTheRestIsAsked() {
        Step step = run(Session.fresh(), text("ищу квартиру в Шымкенте"));
        assertEquals(State.CHECK_IN, step.next().state());
        assertEquals("Shymkent", step.next().slot(Session.CITY).orElseThrow());
    }

    @Test
    void turningTheCalendarPageEditsTheSameMessage() {
        Session atCheckIn = Session.fresh().with(Session.CITY, "Almaty").in(State.CHECK_IN);
        Step step = run(atCheckIn, press("month:2027-01"));
        BotReply edited = step.replies().get(0);
        assertEquals(42L, edited.editMessageId());
        assertTrue(buttons(edited).contains("day:2027-01-15"));
        assertEquals(State.CHECK_IN, step.next().state());
    }

    @Test
    void badInputIsReaskedAtTheSameStep() {
        Session atGuests = Session.fresh().with(Session.CITY, "Almaty").with(Session.CHECK_IN, "2026-12-01")
                .with(Session.CHECK_OUT, "2026-12-03").in(State.GUESTS);
        Step step = run(atGuests, text("много"));
        assertEquals(State.GUESTS, step.next().state());
        assertTrue(step.replies().get(0).text().startsWith("Число гостей"));
        assertTrue(step.action().isEmpty());
    }

    @Test
    void bookingShowsTheSummaryThenConfirmRequestsIt() {
        UUID listing = UUID.randomUUID();
        Session atResults = Session.fresh().with(Session.CITY, "Almaty").with(Session.CHECK_IN, "2026-12-01")
                .with(Session.CHECK_OUT, "2026-12-03").with(Session.GUESTS, 2).with(Session.BUDGET, 0)
                .with(Session.WISHES, "").in(State.RESULTS);
        Step summary = run(atResults, press("book:" + listing));
        assertInstanceOf(ApartmentAction.ShowSummary.class, summary.action().orElseThrow());
        Step confirm = run(summary.next(), press("bookok"));
        ApartmentAction.RequestBooking request = assertInstanceOf(ApartmentAction.RequestBooking.class,
                confirm.action().orElseThrow());
        assertEquals(listing, request.listingId());
        assertEquals(State.IDLE, confirm.next().state());
        Step next = run(atResults, press("next:1"));
        assertEquals(1, assertInstanceOf(ApartmentAction.ShowResult.class, next.action().orElseThrow()).position());
    }

    @Test
    void aStaleButtonRestartsPolitely() {
        Step step = run(Session.fresh(), press("bookok"));
        assertEquals(State.IDLE, step.next().state());
        assertTrue(step.replies().get(0).text().startsWith("Эта кнопка уже устарела"));
        assertEquals("cb", step.replies().get(0).callbackQueryId());
    }

    @Test
    void aLandlordAddsAListingStepByStep() {
        Session s = run(Session.fresh(), text("/addlisting")).next();
        s = run(s, press("city:Almaty")).next();
        s = run(s, text("Абая 10, кв 5")).next();
        assertEquals(State.NEW_LOCATION, s.state());
        Step notFound = run(s.with(Session.ADDRESS, "Неизвестная 1"), press("loc:geo"));
        assertEquals(State.NEW_LOCATION, notFound.next().state());
        assertTrue(notFound.replies().get(0).text().startsWith("Не нашёл адрес"));
        s = run(s, press("loc:geo")).next();
        assertEquals("43.24", s.slot(Session.LAT).orElseThrow());
        s = run(s, press("rooms:2")).next();
        s = run(s, press("guests:4")).next();
        s = run(s, text("дорого")).next();
        assertEquals(State.NEW_PRICE, s.state(), "a price must be a number");
        s = run(s, text("18 000")).next();
        assertEquals(State.NEW_AMENITIES, s.state());
        Step ticked = run(s, press("amen:balcony"));
        assertEquals(42L, ticked.replies().get(0).editMessageId(), "the checklist is edited in place");
        assertTrue(buttons(ticked.replies().get(0)).contains("✅ Балкон"));
        s = run(ticked.next(), press("amen:pets")).next();
        s = run(s, press("amen:balcony")).next();
        assertEquals(List.of("pets"), s.list(Session.AMENITIES), "a second press unticks");
        s = run(s, press("amen:done")).next();
        Step noPhoto = run(s, press("photos:done"));
        assertEquals(State.NEW_PHOTOS, noPhoto.next().state());
        s = run(s, new BotMessage(update(null, null, null, "AgACAgIAAxkBAAIB"), "unknown", 0, "ru", Map.of())).next();
        s = run(s, text("https://example.kz/1.jpg")).next();
        assertEquals(2, s.list(Session.PHOTOS).size());
        s = run(s, press("photos:done")).next();
        s = run(s, text("Тихая квартира с видом на горы, рядом с метро")).next();
        Step askContact = run(s, press("instant:no"));
        assertTrue(askContact.replies().get(0).contactRequest() != null);
        Step summary = run(askContact.next(), text("8 701 123 45 67"));
        assertEquals(State.NEW_CONFIRM, summary.next().state());
        Step published = run(summary.next(), press("publish"));
        ApartmentAction.AddListing add = assertInstanceOf(ApartmentAction.AddListing.class, published.action().orElseThrow());
        assertEquals("Almaty", add.city());
        assertEquals(18_000, add.pricePerNight());
        assertEquals(List.of("pets"), add.amenities());
        assertEquals("+77011234567", add.contact());
        assertEquals(false, add.instantBook());
        assertEquals(2, add.photos().size());
    }

    @Test
    void aLandlordBlocksDatesFromFirstToLastDayInclusive() {
        UUID listing = UUID.randomUUID();
        Step from = run(Session.fresh(), press("block:" + listing));
        assertEquals(State.BLOCK_FROM, from.next().state());
        Step to = run(from.next(), press("day:2026-12-10"));
        Step done = run(to.next(), press("day:2026-12-12"));
        ApartmentAction.Block block = assertInstanceOf(ApartmentAction.Block.class, done.action().orElseThrow());
        assertEquals(new Stay(LocalDate.of(2026, 12, 10), LocalDate.of(2026, 12, 13)), block.stay());
        assertEquals(listing, block.listingId());
    }

    @Test
    void landlordButtonsCarryTheirIdsAndGarbageIdsRestart() {
        UUID booking = UUID.randomUUID();
        ApartmentAction.Answer answer = assertInstanceOf(ApartmentAction.Answer.class,
                run(Session.fresh(), press("lconfirm:" + booking)).action().orElseThrow());
        assertTrue(answer.confirm());
        Step garbage = run(Session.fresh(), press("ldecline:not-a-uuid"));
        assertTrue(garbage.action().isEmpty());
        assertNull(garbage.replies().get(0).editMessageId());
    }

    @Test
    void chatterIsHandedToTheAiAndAQuestionMidSearchCarriesThePendingQuestion() {
        Step chatter = run(Session.fresh(), text("как дела?"));
        assertTrue(chatter.replies().isEmpty(), "one message, one answer: ai-service gives it");
        assertEquals("IDLE", assertInstanceOf(ApartmentAction.HandOver.class, chatter.action().orElseThrow()).step());

        Session atGuests = Session.fresh().with(Session.CITY, "Almaty").with(Session.CHECK_IN, "2026-12-01")
                .with(Session.CHECK_OUT, "2026-12-03").in(State.GUESTS);
        BotMessage question = new BotMessage(update("а залог нужен?", null, null, null), "faq", 0.85, "ru", Map.of());
        Step handed = run(atGuests, question);
        ApartmentAction.HandOver handOver = assertInstanceOf(ApartmentAction.HandOver.class, handed.action().orElseThrow());
        assertEquals(State.GUESTS, handed.next().state());
        assertEquals("GUESTS", handOver.step());
        assertTrue(handOver.pendingQuestion().startsWith("Сколько гостей"));
        assertTrue(handOver.keyboard().toString().contains("guests:2"));

        Session atWishes = atGuests.with(Session.GUESTS, 2).with(Session.BUDGET, 0).in(State.WISHES);
        BotMessage wish = new BotMessage(update("можно с собакой?", null, null, null), "faq", 0.85, "ru", Map.of());
        assertInstanceOf(ApartmentAction.ShowResult.class, run(atWishes, wish).action().orElseThrow(),
                "at the wishes step a question is a wish");
    }
}
