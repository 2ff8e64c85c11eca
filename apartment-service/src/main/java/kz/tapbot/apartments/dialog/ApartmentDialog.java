package kz.tapbot.apartments.dialog;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.tapbot.apartments.dialog.Session.State;
import kz.tapbot.apartments.listing.Canon;
import kz.tapbot.apartments.search.ListingSearch;
import kz.tapbot.apartments.stay.Stay;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;
import kz.tapbot.platform.dialog.Commands;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.TextInputs;
import kz.tapbot.platform.geocoding.Geocoder;

/**
 * The apartment bot's conversation as a pure state machine: (session, message, context) -> step. It
 * keeps no state and does no I/O of its own; searching, booking and changing listings are
 * {@link ApartmentAction}s the service carries out. Every button press is answered; every bad input
 * gets a clear re-ask at the same step; a button from an expired step restarts politely.
 */
public final class ApartmentDialog {

    public static final String BOT = "apartments";
    private static final List<String> MAIN_CITIES = List.of("Almaty", "Astana", "Shymkent");
    private static final int MAX_GUESTS = 16;
    private static final int BOOKABLE_DAYS_AHEAD = 365;
    private static final int SHOWN_PER_SEARCH = 50;
    private static final int MAX_PHOTOS = 10;
    private static final int LONG_REQUEST_WORDS = 6;
    private static final long MIN_PRICE = 1_000;
    private static final long MAX_PRICE = 2_000_000;
    private static final Pattern COORDINATES = Pattern.compile("^\\s*(-?\\d{1,2}(?:\\.\\d+)?)\\s*[,;\\s]\\s*(-?\\d{1,3}(?:\\.\\d+)?)\\s*$");
    private static final Pattern USERNAME = Pattern.compile("^@[A-Za-z][A-Za-z0-9_]{4,31}$");

    public Step step(Session session, BotMessage message, DialogContext context) {
        return new Turn(session, message, context).run();
    }

    /** One message being answered; collects the replies. */
    private static final class Turn {
        private final BotMessage message;
        private final BotUpdate update;
        private final DialogContext context;
        private final String command;
        private final String text;
        private Session session;
        private ApartmentTexts t;
        private String callbackId;
        private final List<BotReply> replies = new ArrayList<>();
        private ApartmentAction action;

        Turn(Session session, BotMessage message, DialogContext context) {
            this.session = session;
            this.message = message;
            this.update = message.update();
            this.context = context;
            this.command = Commands.of(update);
            this.text = update.text() == null ? "" : update.text().trim();
            this.callbackId = Commands.callbackId(update);
            this.t = new ApartmentTexts(language());
        }

        Step run() {
            if (!global()) {
                byState();
            }
            if (callbackId != null) {
                replies.add(new BotReply(BOT, update.chatId(), null, null, null, null, callbackId, null, null));
            }
            return new Step(session, List.copyOf(replies), Optional.ofNullable(action));
        }

        private Language language() {
            return Language.spoken(session.language(), message);
        }

        /** Commands and buttons that work from any step. */
        private boolean global() {
            switch (command) {
                case "/start" -> {
                    session = session.reset();
                    say(t.welcome(update.user().firstName()), menu());
                }
                case "/help", "help" -> say(t.help(), menu());
                case "/lang" -> say(t.chooseLanguage(), List.of(List.of(new Button("Русский", "lang:ru"),
                        new Button("Қазақша", "lang:kk"), new Button("English", "lang:en"))));
                case "/search", "search" -> {
                    session = session.reset().in(State.CITY);
                    askNextSearchSlot();
                }
                case "/mybookings", "mybookings" -> action = new ApartmentAction.ShowMyBookings();
                case "/addlisting", "addlisting" -> {
                    session = session.reset().in(State.NEW_CITY);
                    say(t.askListingCity(), cityButtons());
                }
                case "/mylistings", "mylistings" -> action = new ApartmentAction.ShowMyListings();
                case "/cancel", "abort" -> {
                    session = session.reset();
                    say(t.dialogCancelled(), menu());
                }
                case CalendarKeyboard.NOOP -> {
                    // a label of the calendar: only the spinner to stop
                }
                default -> {
                    return globalButton();
                }
            }
            return true;
        }

        private boolean globalButton() {
            int colon = command.indexOf(':');
            if (colon < 0 || update.callback() == null) {
                return false;
            }
            String verb = command.substring(0, colon);
            String argument = command.substring(colon + 1);
            switch (verb) {
                case "lang" -> {
                    session = session.speaking(Language.of(argument).code());
                    t = new ApartmentTexts(Language.of(session.language()));
                    say(t.languageSet(), menu());
                }
                case "cancel" -> withId(argument, id -> action = new ApartmentAction.CancelBooking(id));
                case "lconfirm" -> withId(argument, id -> action = new ApartmentAction.Answer(id, true));
                case "ldecline" -> withId(argument, id -> action = new ApartmentAction.Answer(id, false));
                case "stays" -> withId(argument, id -> action = new ApartmentAction.ShowStays(id));
                case "pause" -> withId(argument, id -> action = new ApartmentAction.SetPaused(id, true));
                case "resume" -> withId(argument, id -> action = new ApartmentAction.SetPaused(id, false));
                case "unblock" -> withId(argument, id -> action = new ApartmentAction.ShowBlocks(id));
                case "unblk" -> withId(argument, id -> action = new ApartmentAction.Unblock(id));
                case "price" -> withId(argument, id -> {
                    session = session.reset().with(Session.LISTING, id).in(State.EDIT_PRICE);
                    say(t.askNewPrice(), cancelRow());
                });
                case "block" -> withId(argument, id -> {
                    session = session.reset().with(Session.LISTING, id).in(State.BLOCK_FROM);
                    say(t.askBlockFrom(), calendar(YearMonth.from(today()), today(), lastBookable()));
                });
                default -> {
                    return false;
                }
            }
            return true;
        }

        private void withId(String value, java.util.function.Consumer<UUID> then) {
            uuid(value).ifPresentOrElse(then, this::expired);
        }

        private void byState() {
            switch (session.state()) {
                case IDLE -> idle();
                case CITY, CHECK_IN, CHECK_OUT, GUESTS, BUDGET, WISHES -> searching();
                case RESULTS -> results();
                case BOOKING -> booking();
                case NEW_CITY -> newCity();
                case NEW_ADDRESS -> newAddress();
                case NEW_LOCATION -> newLocation();
                case NEW_ROOMS -> newRooms();
                case NEW_GUESTS -> newGuests();
                case NEW_PRICE -> newPrice();
                case NEW_AMENITIES -> newAmenities();
                case NEW_PHOTOS -> newPhotos();
                case NEW_DESCRIPTION -> newDescription();
                case NEW_INSTANT -> newInstant();
                case NEW_CONTACT -> newContact();
                case NEW_CONFIRM -> newConfirm();
                case EDIT_PRICE -> editPrice();
                case BLOCK_FROM, BLOCK_TO -> blockDates();
            }
        }

        // --- guests: searching

        private void idle() {
            if (update.callback() != null) {
                expired();
                return;
            }
            String intent = message.intent() == null ? "unknown" : message.intent();
            switch (intent) {
                case "apartment.cancel", "booking.status" -> {
                    action = new ApartmentAction.ShowMyBookings();
                    return;
                }
                case "help" -> {
                    say(t.help(), menu());
                    return;
                }
                case "greeting" -> {
                    say(t.welcome(update.user().firstName()), menu());
                    return;
                }
                default -> {
                }
            }
            boolean asksForApartment = "apartment.search".equals(intent) || entities().containsKey("city")
                    || !text.startsWith("/") && !context.places().mentions(text).isEmpty();
            if (!asksForApartment) {
                if (text.isEmpty() || text.startsWith("/")) {
                    say(t.notUnderstood(), menu());
                } else {
                    // a question, chatter, something else: ai-service answers it
                    action = new ApartmentAction.HandOver(State.IDLE.name(), null, menu());
                }
                return;
            }
            session = session.reset().in(State.CITY);
            fillFromFreeText();
            askNextSearchSlot();
        }

        /** Takes what one free-text request says: the parser's entities first, then the gazetteer for the city. */
        private void fillFromFreeText() {
            Map<String, Object> entities = entities();
            Optional<City> city = Optional.ofNullable(entities.get("city")).flatMap(c -> context.places().byName(c.toString()))
                    .or(() -> context.places().mentions(text).stream().map(Gazetteer.Mention::city).findFirst());
            city.filter(c -> Canon.CITIES.contains(c.name())).ifPresent(c -> session = session.with(Session.CITY, c.name()));
            Optional<LocalDate> checkIn = iso(entities.get("check_in")).filter(d -> !d.isBefore(today()));
            Optional<LocalDate> checkOut = iso(entities.get("check_out"));
            if (checkIn.isPresent()) {
                session = session.with(Session.CHECK_IN, checkIn.get());
                checkOut.filter(out -> validStay(checkIn.get(), out) == null)
                        .ifPresent(out -> session = session.with(Session.CHECK_OUT, out));
            }
            Object guests = entities.get("guests");
            if (guests instanceof Number n && n.intValue() >= 1 && n.intValue() <= MAX_GUESTS) {
                session = session.with(Session.GUESTS, n.intValue());
            }
            Object budget = entities.get("budget_max");
            if (budget instanceof Number n && n.longValue() >= MIN_PRICE) {
                session = session.with(Session.BUDGET, n.longValue());
            }
            takeAmenities(entities);
            // a request that says more than where and when carries wishes; a short one gets asked for them
            if (session.has(Session.AMENITIES) || text.split("\\s+").length > LONG_REQUEST_WORDS) {
                session = session.with(Session.WISHES, text);
            }
        }

        private void takeAmenities(Map<String, Object> entities) {
            if (entities.get("amenities") instanceof List<?> said) {
                List<String> known = said.stream().map(String::valueOf).filter(Canon.AMENITIES::contains).distinct().toList();
                if (!known.isEmpty()) {
                    session = session.withList(Session.AMENITIES, known);
                }
            }
        }

        private void askNextSearchSlot() {
            if (!session.has(Session.CITY)) {
                session = session.in(State.CITY);
                say(t.askCity(), cityButtons());
            } else if (!session.has(Session.CHECK_IN)) {
                session = session.in(State.CHECK_IN);
                say(t.askCheckIn(), calendar(YearMonth.from(today()), today(), lastBookable()));
            } else if (!session.has(Session.CHECK_OUT)) {
                session = session.in(State.CHECK_OUT);
                LocalDate in = session.date(Session.CHECK_IN);
                say(t.askCheckOut(in), calendar(YearMonth.from(in.plusDays(1)), in.plusDays(1), in.plusDays(Stay.MAX_NIGHTS)));
            } else if (!session.has(Session.GUESTS)) {
                session = session.in(State.GUESTS);
                say(t.askGuests(), numberButtons("guests:", 1, 6));
            } else if (!session.has(Session.BUDGET)) {
                session = session.in(State.BUDGET);
                say(t.askBudget(), budgetButtons());
            } else if (!session.has(Session.WISHES)) {
                session = session.in(State.WISHES);
                say(t.askWishes(), List.of(List.of(new Button(t.skipButton(), "wishes:skip")), cancelRow().get(0)));
            } else {
                session = session.in(State.RESULTS);
                action = new ApartmentAction.ShowResult(query(), 0);
            }
        }

        private void searching() {
            if (command.startsWith(CalendarKeyboard.MONTH) && (session.state() == State.CHECK_IN
                    || session.state() == State.CHECK_OUT)) {
                turnCalendarPage(command.substring(CalendarKeyboard.MONTH.length()));
                return;
            }
            if (update.callback() != null && !expectsButton()) {
                expired();
                return;
            }
            String error = switch (session.state()) {
                case CITY -> takeCity(Session.CITY);
                case CHECK_IN -> takeCheckIn();
                case CHECK_OUT -> takeCheckOut();
                case GUESTS -> takeGuests();
                case BUDGET -> takeBudget();
                case WISHES -> takeWishes();
                default -> null;
            };
            if (error != null && update.callback() == null && "faq".equals(message.intent())
                    && session.state() != State.WISHES) {
                handOverAsking();
                return;
            }
            if (error != null) {
                reask(error);
                return;
            }
            askNextSearchSlot();
        }

        /** A question asked in the middle of a step: ai-service answers it, then asks the step's question again. */
        private void handOverAsking() {
            int before = replies.size();
            askNextSearchSlot();
            BotReply pending = replies.remove(before);
            action = new ApartmentAction.HandOver(session.state().name(), pending.text(), pending.inlineKeyboard());
        }

        private boolean expectsButton() {
            return switch (session.state()) {
                case CITY, NEW_CITY -> command.startsWith("city:");
                case CHECK_IN, CHECK_OUT, BLOCK_FROM, BLOCK_TO -> command.startsWith(CalendarKeyboard.DAY);
                case GUESTS, NEW_GUESTS -> command.startsWith("guests:");
                case BUDGET -> command.startsWith("budget:");
                case WISHES -> command.equals("wishes:skip");
                default -> false;
            };
        }

        private String takeCity(String slot) {
            Optional<City> city = command.startsWith("city:") ? context.places().byName(command.substring(5))
                    : context.places().mentions(text).stream().map(Gazetteer.Mention::city).findFirst()
                            .or(() -> context.places().find(text));
            if (city.isEmpty() || !Canon.CITIES.contains(city.get().name())) {
                return t.unknownCity();
            }
            session = session.with(slot, city.get().name());
            return null;
        }

        private String takeCheckIn() {
            Optional<LocalDate> day = chosenDay();
            if (day.isEmpty()) {
                return t.badDate();
            }
            if (day.get().isBefore(today()) || day.get().isAfter(lastBookable())) {
                return t.dateOutOfRange();
            }
            session = session.with(Session.CHECK_IN, day.get()).without(Session.CHECK_OUT);
            return null;
        }

        private String takeCheckOut() {
            Optional<LocalDate> day = chosenDay();
            if (day.isEmpty()) {
                return t.badDate();
            }
            String invalid = validStay(session.date(Session.CHECK_IN), day.get());
            if (invalid != null) {
                return invalid;
            }
            session = session.with(Session.CHECK_OUT, day.get());
            return null;
        }

        private String validStay(LocalDate in, LocalDate out) {
            if (!out.isAfter(in)) {
                return t.checkOutBeforeCheckIn();
            }
            if (out.isAfter(in.plusDays(Stay.MAX_NIGHTS))) {
                return t.stayTooLong(Stay.MAX_NIGHTS);
            }
            return null;
        }

        private Optional<LocalDate> chosenDay() {
            return command.startsWith(CalendarKeyboard.DAY) ? iso(command.substring(CalendarKeyboard.DAY.length()))
                    : TextInputs.date(text, today());
        }

        private String takeGuests() {
            Optional<Integer> guests = command.startsWith("guests:") ? integer(command.substring(7))
                    : TextInputs.seats(text);
            if (guests.isEmpty() || guests.get() < 1 || guests.get() > MAX_GUESTS) {
                return t.badGuests(MAX_GUESTS);
            }
            session = session.with(Session.GUESTS, guests.get());
            return null;
        }

        private String takeBudget() {
            if (command.equals("budget:any")) {
                session = session.with(Session.BUDGET, 0);
                return null;
            }
            Optional<Long> budget = command.startsWith("budget:") ? integer(command.substring(7)).map(Integer::longValue)
                    : TextInputs.amount(text);
            if (budget.isEmpty() || budget.get() < MIN_PRICE) {
                return t.badBudget();
            }
            session = session.with(Session.BUDGET, budget.get());
            return null;
        }

        private String takeWishes() {
            if (command.equals("wishes:skip")) {
                session = session.with(Session.WISHES, "");
                return null;
            }
            if (text.isBlank() || text.startsWith("/")) {
                return t.askWishes();
            }
            takeAmenities(entities());
            session = session.with(Session.WISHES, text);
            return null;
        }

        private ListingSearch.Query query() {
            long budget = Long.parseLong(session.slot(Session.BUDGET).orElse("0"));
            String wishes = session.slot(Session.WISHES).orElse("");
            return new ListingSearch.Query(session.slot(Session.CITY).orElseThrow(), stay(),
                    session.number(Session.GUESTS), budget > 0 ? budget : null, session.list(Session.AMENITIES),
                    wishes.isBlank() ? null : wishes, null, null, null, SHOWN_PER_SEARCH);
        }

        private Stay stay() {
            return new Stay(session.date(Session.CHECK_IN), session.date(Session.CHECK_OUT));
        }

        // --- guests: results and booking

        private void results() {
            if (command.startsWith("next:")) {
                integer(command.substring(5)).filter(n -> n >= 0 && n < SHOWN_PER_SEARCH)
                        .ifPresentOrElse(n -> action = new ApartmentAction.ShowResult(query(), n), this::expired);
            } else if (command.startsWith("book:")) {
                withId(command.substring(5), id -> {
                    session = session.with(Session.LISTING, id).in(State.BOOKING);
                    action = new ApartmentAction.ShowSummary(id, stay(), session.number(Session.GUESTS));
                });
            } else if (update.callback() != null) {
                expired();
            } else {
                // a new request typed over the results: search again from it
                session = session.reset();
                idle();
            }
        }

        private void booking() {
            if (command.equals("bookok")) {
                action = new ApartmentAction.RequestBooking(UUID.fromString(session.slot(Session.LISTING).orElseThrow()),
                        stay(), session.number(Session.GUESTS));
                session = session.reset();
            } else if (command.startsWith("next:")) {
                session = session.without(Session.LISTING).in(State.RESULTS);
                results();
            } else if (update.callback() != null) {
                expired();
            } else {
                session = session.reset();
                idle();
            }
        }

        // --- landlords: a new listing

        private void newCity() {
            if (update.callback() != null && !expectsButton()) {
                expired();
                return;
            }
            String error = takeCity(Session.CITY);
            if (error != null) {
                say(error + "\n" + t.askListingCity(), cityButtons());
                return;
            }
            session = session.in(State.NEW_ADDRESS);
            say(t.askAddress(), cancelRow());
        }

        private void newAddress() {
            if (text.length() < 5 || text.length() > 200 || text.startsWith("/")) {
                say(t.badAddress(), cancelRow());
                return;
            }
            session = session.with(Session.ADDRESS, text).in(State.NEW_LOCATION);
            say(t.askLocation(), locationButtons());
        }

        private void newLocation() {
            Optional<Geocoder.Point> point = Optional.empty();
            if (update.location() != null) {
                point = Optional.of(new Geocoder.Point(update.location().latitude(), update.location().longitude()));
            } else if (command.equals("loc:geo")) {
                point = context.locate().apply(session.slot(Session.ADDRESS).orElseThrow() + ", "
                        + cityName(session.slot(Session.CITY).orElseThrow()));
                if (point.isEmpty()) {
                    say(t.addressNotFound(), locationButtons());
                    return;
                }
            } else if (command.equals("loc:centre")) {
                point = context.places().byName(session.slot(Session.CITY).orElseThrow())
                        .map(c -> new Geocoder.Point(c.lat(), c.lon()));
            } else if (update.callback() == null) {
                point = coordinates(text);
            } else {
                expired();
                return;
            }
            if (point.isEmpty()) {
                say(t.badLocation() + "\n" + t.askLocation(), locationButtons());
                return;
            }
            session = session.with(Session.LAT, point.get().lat()).with(Session.LON, point.get().lon()).in(State.NEW_ROOMS);
            say(t.locationTaken(point.get().lat(), point.get().lon()) + "\n" + t.askRooms(), numberButtons("rooms:", 1, 5));
        }

        private void newRooms() {
            Optional<Integer> rooms = command.startsWith("rooms:") ? integer(command.substring(6)) : integer(text);
            if (rooms.isEmpty() || rooms.get() < 1 || rooms.get() > 20) {
                say(t.badRooms() + "\n" + t.askRooms(), numberButtons("rooms:", 1, 5));
                return;
            }
            session = session.with(Session.ROOMS, rooms.get()).in(State.NEW_GUESTS);
            say(t.askMaxGuests(), numberButtons("guests:", 1, 8));
        }

        private void newGuests() {
            Optional<Integer> guests = command.startsWith("guests:") ? integer(command.substring(7)) : integer(text);
            if (guests.isEmpty() || guests.get() < 1 || guests.get() > MAX_GUESTS) {
                say(t.badGuests(MAX_GUESTS) + "\n" + t.askMaxGuests(), numberButtons("guests:", 1, 8));
                return;
            }
            session = session.with(Session.GUESTS, guests.get()).in(State.NEW_PRICE);
            say(t.askPrice(), cancelRow());
        }

        private void newPrice() {
            Optional<Long> price = TextInputs.amount(text).filter(p -> p >= MIN_PRICE && p <= MAX_PRICE);
            if (price.isEmpty()) {
                say(t.badPrice(MIN_PRICE, MAX_PRICE), cancelRow());
                return;
            }
            session = session.with(Session.PRICE, price.get()).withList(Session.AMENITIES, List.of())
                    .in(State.NEW_AMENITIES);
            say(t.askAmenities(), amenityChecklist());
        }

        private void newAmenities() {
            if (command.equals("amen:done")) {
                session = session.in(State.NEW_PHOTOS);
                say(t.askPhotos(MAX_PHOTOS), null);
                return;
            }
            if (command.startsWith("amen:") && Canon.AMENITIES.contains(command.substring(5))) {
                List<String> chosen = new ArrayList<>(session.list(Session.AMENITIES));
                String amenity = command.substring(5);
                if (!chosen.remove(amenity)) {
                    chosen.add(amenity);
                }
                session = session.withList(Session.AMENITIES, Canon.AMENITIES.stream().filter(chosen::contains).toList());
                edit(t.askAmenities(), amenityChecklist());
                return;
            }
            say(t.useTheChecklist(), amenityChecklist());
        }

        private void newPhotos() {
            List<String> photos = new ArrayList<>(session.list(Session.PHOTOS));
            if (command.equals("photos:done")) {
                if (photos.isEmpty()) {
                    say(t.atLeastOnePhoto(), null);
                    return;
                }
                session = session.in(State.NEW_DESCRIPTION);
                say(t.askDescription(), cancelRow());
                return;
            }
            List<String> sent = new ArrayList<>();
            if (update.photo() != null) {
                sent.add(update.photo());
            } else if (update.callback() == null) {
                Arrays.stream(text.split("\\s+")).filter(w -> w.matches("https?://\\S{4,500}")).forEach(sent::add);
            }
            if (sent.isEmpty()) {
                say(t.badPhoto(), doneRow("photos:done"));
                return;
            }
            sent.stream().filter(p -> !photos.contains(p)).limit(Math.max(0, MAX_PHOTOS - photos.size())).forEach(photos::add);
            session = session.withList(Session.PHOTOS, photos);
            say(t.photosTaken(photos.size(), MAX_PHOTOS), doneRow("photos:done"));
        }

        private void newDescription() {
            if (text.length() < 10 || text.length() > 2000 || text.startsWith("/")) {
                say(t.badDescription(), cancelRow());
                return;
            }
            session = session.with(Session.DESCRIPTION, text).in(State.NEW_INSTANT);
            say(t.askInstantBook(), List.of(List.of(new Button(t.yesButton(), "instant:yes"),
                    new Button(t.noButton(), "instant:no")), cancelRow().get(0)));
        }

        private void newInstant() {
            if (!command.equals("instant:yes") && !command.equals("instant:no")) {
                say(t.askInstantBook(), List.of(List.of(new Button(t.yesButton(), "instant:yes"),
                        new Button(t.noButton(), "instant:no")), cancelRow().get(0)));
                return;
            }
            session = session.with(Session.INSTANT, command.equals("instant:yes"));
            if (session.has(Session.CONTACT)) {
                summariseListing();
            } else {
                session = session.in(State.NEW_CONTACT);
                sayAskingContact(t.askContact());
            }
        }

        private void newContact() {
            Optional<String> contact = update.contact() != null ? TextInputs.phone(update.contact().phoneNumber())
                    : USERNAME.matcher(text).matches() ? Optional.of(text) : TextInputs.phone(text);
            if (contact.isEmpty()) {
                sayAskingContact(t.badContact());
                return;
            }
            session = session.with(Session.CONTACT, contact.get());
            summariseListing();
        }

        private void summariseListing() {
            session = session.in(State.NEW_CONFIRM);
            say(t.listingSummary(cityName(session.slot(Session.CITY).orElseThrow()), session.slot(Session.ADDRESS).orElseThrow(),
                    session.number(Session.ROOMS), session.number(Session.GUESTS),
                    Long.parseLong(session.slot(Session.PRICE).orElseThrow()), session.list(Session.AMENITIES),
                    session.list(Session.PHOTOS).size(), Boolean.parseBoolean(session.slot(Session.INSTANT).orElseThrow())),
                    List.of(List.of(new Button(t.publishButton(), "publish")), cancelRow().get(0)));
        }

        private void newConfirm() {
            if (!command.equals("publish")) {
                if (update.callback() != null) {
                    expired();
                } else {
                    summariseListing();
                }
                return;
            }
            action = new ApartmentAction.AddListing(session.slot(Session.CITY).orElseThrow(),
                    session.slot(Session.ADDRESS).orElseThrow(), Double.parseDouble(session.slot(Session.LAT).orElseThrow()),
                    Double.parseDouble(session.slot(Session.LON).orElseThrow()), session.number(Session.ROOMS),
                    session.number(Session.GUESTS), Long.parseLong(session.slot(Session.PRICE).orElseThrow()),
                    session.list(Session.AMENITIES), session.list(Session.PHOTOS),
                    session.slot(Session.DESCRIPTION).orElseThrow(),
                    Boolean.parseBoolean(session.slot(Session.INSTANT).orElseThrow()),
                    session.slot(Session.CONTACT).orElseThrow());
            session = session.reset();
        }

        // --- landlords: managing a listing

        private void editPrice() {
            if (update.callback() != null) {
                expired();
                return;
            }
            Optional<Long> price = TextInputs.amount(text).filter(p -> p >= MIN_PRICE && p <= MAX_PRICE);
            if (price.isEmpty()) {
                say(t.badPrice(MIN_PRICE, MAX_PRICE), cancelRow());
                return;
            }
            action = new ApartmentAction.ChangePrice(UUID.fromString(session.slot(Session.LISTING).orElseThrow()), price.get());
            session = session.reset();
        }

        private void blockDates() {
            boolean from = session.state() == State.BLOCK_FROM;
            LocalDate first = from ? today() : session.date(Session.BLOCK_FROM);
            LocalDate last = from ? lastBookable() : first.plusDays(Stay.MAX_NIGHTS - 1);
            if (command.startsWith(CalendarKeyboard.MONTH)) {
                turnCalendarPage(command.substring(CalendarKeyboard.MONTH.length()));
                return;
            }
            if (update.callback() != null && !expectsButton()) {
                expired();
                return;
            }
            Optional<LocalDate> day = chosenDay().filter(d -> !d.isBefore(first) && !d.isAfter(last));
            if (day.isEmpty()) {
                say(t.dateOutOfRange() + "\n" + (from ? t.askBlockFrom() : t.askBlockTo()),
                        calendar(YearMonth.from(first), first, last));
                return;
            }
            if (from) {
                session = session.with(Session.BLOCK_FROM, day.get()).in(State.BLOCK_TO);
                say(t.askBlockTo(), calendar(YearMonth.from(day.get()), day.get(), day.get().plusDays(Stay.MAX_NIGHTS - 1)));
                return;
            }
            action = new ApartmentAction.Block(UUID.fromString(session.slot(Session.LISTING).orElseThrow()),
                    new Stay(first, day.get().plusDays(1)));
            session = session.reset();
        }

        // --- saying things

        /** Repeats the current search step's question, after the reason the input was refused. */
        private void reask(String reason) {
            switch (session.state()) {
                case CITY -> say(reason + "\n" + t.askCity(), cityButtons());
                case CHECK_IN -> say(reason + "\n" + t.askCheckIn(), calendar(YearMonth.from(today()), today(), lastBookable()));
                case CHECK_OUT -> {
                    LocalDate in = session.date(Session.CHECK_IN);
                    say(reason + "\n" + t.askCheckOut(in), calendar(YearMonth.from(in.plusDays(1)), in.plusDays(1),
                            in.plusDays(Stay.MAX_NIGHTS)));
                }
                case GUESTS -> say(reason + "\n" + t.askGuests(), numberButtons("guests:", 1, 6));
                case BUDGET -> say(reason + "\n" + t.askBudget(), budgetButtons());
                default -> say(reason, cancelRow());
            }
        }

        /** Shows another month of the calendar in the same message. */
        private void turnCalendarPage(String month) {
            Optional<YearMonth> shown;
            try {
                shown = Optional.of(YearMonth.parse(month));
            } catch (RuntimeException e) {
                shown = Optional.empty();
            }
            LocalDate first;
            LocalDate last;
            String question;
            switch (session.state()) {
                case CHECK_OUT -> {
                    first = session.date(Session.CHECK_IN).plusDays(1);
                    last = session.date(Session.CHECK_IN).plusDays(Stay.MAX_NIGHTS);
                    question = t.askCheckOut(session.date(Session.CHECK_IN));
                }
                case BLOCK_TO -> {
                    first = session.date(Session.BLOCK_FROM);
                    last = first.plusDays(Stay.MAX_NIGHTS - 1);
                    question = t.askBlockTo();
                }
                case BLOCK_FROM -> {
                    first = today();
                    last = lastBookable();
                    question = t.askBlockFrom();
                }
                default -> {
                    first = today();
                    last = lastBookable();
                    question = t.askCheckIn();
                }
            }
            YearMonth page = shown.filter(m -> !m.isBefore(YearMonth.from(first)) && !m.isAfter(YearMonth.from(last)))
                    .orElse(YearMonth.from(first));
            edit(question, calendar(page, first, last));
        }

        private void expired() {
            session = session.reset();
            say(t.expired(), menu());
        }

        private void say(String text, List<List<Button>> keyboard) {
            replies.add(new BotReply(BOT, update.chatId(), text, keyboard, null, null, callbackId, null, null));
            callbackId = null;
        }

        /** Changes the message whose button was pressed, or says it anew when the text was typed. */
        private void edit(String text, List<List<Button>> keyboard) {
            Long pressed = update.callback() == null ? null : update.callback().messageId();
            replies.add(new BotReply(BOT, update.chatId(), text, keyboard, null, pressed, callbackId, null, null));
            callbackId = null;
        }

        private void sayAskingContact(String text) {
            replies.add(new BotReply(BOT, update.chatId(), text, null, t.contactButton(), null, callbackId, null, null));
            callbackId = null;
        }

        private List<List<Button>> menu() {
            return List.of(List.of(new Button(t.searchButton(), "search")),
                    List.of(new Button(t.myBookingsButton(), "mybookings"), new Button(t.helpButton(), "help")),
                    List.of(new Button(t.addListingButton(), "addlisting"), new Button(t.myListingsButton(), "mylistings")));
        }

        private List<List<Button>> cityButtons() {
            List<Button> row = new ArrayList<>();
            for (String name : MAIN_CITIES) {
                row.add(new Button(cityName(name), "city:" + name));
            }
            return List.of(row, cancelRow().get(0));
        }

        private List<List<Button>> calendar(YearMonth shown, LocalDate first, LocalDate last) {
            List<List<Button>> rows = new ArrayList<>(CalendarKeyboard.month(shown, first, last, language()));
            rows.add(cancelRow().get(0));
            return rows;
        }

        private List<List<Button>> numberButtons(String prefix, int from, int to) {
            List<Button> row = new ArrayList<>();
            for (int n = from; n <= to; n++) {
                row.add(new Button(String.valueOf(n), prefix + n));
            }
            return List.of(row, cancelRow().get(0));
        }

        private List<List<Button>> budgetButtons() {
            return List.of(List.of(new Button(t.upTo(15_000), "budget:15000"), new Button(t.upTo(25_000), "budget:25000"),
                    new Button(t.upTo(40_000), "budget:40000")), List.of(new Button(t.anyBudgetButton(), "budget:any")),
                    cancelRow().get(0));
        }

        private List<List<Button>> locationButtons() {
            return List.of(List.of(new Button(t.findOnMapButton(), "loc:geo")),
                    List.of(new Button(t.cityCentreButton(), "loc:centre")), cancelRow().get(0));
        }

        private List<List<Button>> amenityChecklist() {
            List<String> chosen = session.list(Session.AMENITIES);
            List<List<Button>> rows = new ArrayList<>();
            List<Button> row = new ArrayList<>();
            for (String amenity : Canon.AMENITIES) {
                row.add(new Button((chosen.contains(amenity) ? "✅ " : "▫️ ") + t.amenity(amenity), "amen:" + amenity));
                if (row.size() == 3) {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
            rows.add(List.of(new Button(t.doneButton(), "amen:done")));
            rows.add(cancelRow().get(0));
            return rows;
        }

        private List<List<Button>> doneRow(String data) {
            return List.of(List.of(new Button(t.doneButton(), data)), cancelRow().get(0));
        }

        private List<List<Button>> cancelRow() {
            return List.of(List.of(new Button(t.cancelButton(), "abort")));
        }

        private String cityName(String name) {
            return context.places().displayName(name, language().code());
        }

        private Map<String, Object> entities() {
            return message.entities() == null ? Map.of() : message.entities();
        }

        private LocalDate today() {
            return context.today();
        }

        private LocalDate lastBookable() {
            return today().plusDays(BOOKABLE_DAYS_AHEAD);
        }

        private static Optional<Geocoder.Point> coordinates(String text) {
            Matcher m = COORDINATES.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
            double lat = Double.parseDouble(m.group(1));
            double lon = Double.parseDouble(m.group(2));
            return Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? Optional.of(new Geocoder.Point(lat, lon)) : Optional.empty();
        }

        private static Optional<LocalDate> iso(Object value) {
            try {
                return value == null ? Optional.empty() : Optional.of(LocalDate.parse(value.toString()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        private static Optional<Integer> integer(String value) {
            try {
                return Optional.of(Integer.parseInt(value.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static Optional<UUID> uuid(String value) {
            try {
                return Optional.of(UUID.fromString(value));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
