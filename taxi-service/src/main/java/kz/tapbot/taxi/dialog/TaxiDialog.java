package kz.tapbot.taxi.dialog;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotReply.Button;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.Commands;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.TextInputs;
import kz.tapbot.taxi.dialog.Session.State;
import kz.tapbot.geo.City;
import kz.tapbot.geo.Gazetteer;

/**
 * The taxi bot's conversation as a pure state machine: (session, message, context) -> step. It keeps
 * no state and does no I/O; booking, registering and publishing are {@link TaxiAction}s the service
 * carries out. Every button press is answered; every bad input gets a clear re-ask at the same step;
 * a button from an expired step restarts politely.
 */
public final class TaxiDialog {

    public static final String BOT = "taxi";
    private static final List<String> COMMON_CITIES = List.of("Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe",
            "Taraz");
    private static final int MAX_SEATS = 8;
    private static final int MAX_DAYS_AHEAD = 60;

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
        private TaxiTexts t;
        private String callbackId;
        private final List<BotReply> replies = new ArrayList<>();
        private TaxiAction action;

        Turn(Session session, BotMessage message, DialogContext context) {
            this.session = session;
            this.message = message;
            this.update = message.update();
            this.context = context;
            this.command = Commands.of(update);
            this.text = update.text() == null ? "" : update.text().trim();
            this.callbackId = Commands.callbackId(update);
            this.t = new TaxiTexts(language());
        }

        Step run() {
            if (!global()) {
                byState();
            }
            if (replies.isEmpty() && callbackId != null) {
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
                case "/book", "book" -> startBooking();
                case "/mytrips", "mytrips" -> action = new TaxiAction.ShowMyTrips();
                case "/cancel", "abort" -> {
                    if (session.state() == State.IDLE) {
                        action = new TaxiAction.ShowMyTrips();
                    } else {
                        session = session.reset();
                        say(t.dialogCancelled(), menu());
                    }
                }
                case "/driver" -> {
                    session = session.reset().in(State.DRIVER_NAME);
                    say(t.askDriverName(), null);
                }
                case "/newtrip" -> {
                    if (!context.registeredDriver()) {
                        say(t.needDriver(), null);
                    } else {
                        session = session.reset().in(State.TRIP_FROM);
                        say(t.askFrom(), cityButtons(null));
                    }
                }
                case "/requests" -> action = new TaxiAction.ShowRequests();
                default -> {
                    return globalButton();
                }
            }
            return true;
        }

        private boolean globalButton() {
            String data = command;
            if (data.startsWith("lang:")) {
                session = session.speaking(data.substring(5));
                t = new TaxiTexts(Language.of(session.language()));
                say(t.languageSet(), menu());
            } else if (data.startsWith("cancel:")) {
                uuid(data.substring(7)).ifPresentOrElse(id -> action = new TaxiAction.CancelBooking(id), this::expired);
            } else if (data.startsWith("accept:")) {
                uuid(data.substring(7)).ifPresentOrElse(id -> action = new TaxiAction.AcceptRequest(id), this::expired);
            } else if (data.startsWith("canceltrip:")) {
                uuid(data.substring(11)).ifPresentOrElse(id -> action = new TaxiAction.CancelTrip(id), this::expired);
            } else {
                return false;
            }
            return true;
        }

        private void byState() {
            switch (session.state()) {
                case IDLE -> idle();
                case ASK_FROM, ASK_TO, ASK_DATE, ASK_SEATS, ASK_PHONE -> booking();
                case CONFIRM -> confirmBooking();
                case DRIVER_NAME -> driverName();
                case DRIVER_CAR -> driverCar();
                case DRIVER_PLATE -> driverPlate();
                case DRIVER_PHONE -> driverPhone();
                case TRIP_FROM, TRIP_TO -> tripCity();
                case TRIP_DATE -> tripDate();
                case TRIP_TIME -> tripTime();
                case TRIP_SEATS -> tripSeats();
                case TRIP_PRICE -> tripPrice();
                case TRIP_CONFIRM -> confirmTrip();
            }
        }

        // --- passenger: booking

        private void idle() {
            if (update.callback() != null) {
                expired();
                return;
            }
            boolean asksForRide = "taxi.book".equals(message.intent())
                    || context.places().mentions(text).size() >= 1 && !text.startsWith("/");
            if (!asksForRide) {
                if (text.isEmpty() || text.startsWith("/")) {
                    say(t.notUnderstood(), menu());
                } else {
                    // a question, chatter, something else: ai-service answers it
                    action = new TaxiAction.HandOver(State.IDLE.name(), null, menu());
                }
                return;
            }
            session = session.reset().in(State.ASK_FROM);
            fillFromFreeText();
            askNextBookingSlot();
        }

        private void startBooking() {
            session = session.reset().in(State.ASK_FROM);
            askNextBookingSlot();
        }

        private void booking() {
            if (update.callback() != null && !expectsButton(command)) {
                expired();
                return;
            }
            String error = switch (session.state()) {
                case ASK_FROM -> takeCity(Session.FROM, null);
                case ASK_TO -> takeCity(Session.TO, session.slot(Session.FROM).orElse(null));
                case ASK_DATE -> takeDate();
                case ASK_SEATS -> takeSeats();
                case ASK_PHONE -> takePhone();
                default -> null;
            };
            if (error != null && update.callback() == null && "faq".equals(message.intent())) {
                handOverAsking();
                return;
            }
            if (error != null) {
                reask(error);
                return;
            }
            askNextBookingSlot();
        }

        /** A question asked in the middle of a step: ai-service answers it, then asks the step's question again. */
        private void handOverAsking() {
            int before = replies.size();
            reask(null);
            BotReply pending = replies.remove(before);
            action = new TaxiAction.HandOver(session.state().name(), pending.text(), pending.inlineKeyboard());
        }

        private boolean expectsButton(String data) {
            return switch (session.state()) {
                case ASK_FROM, ASK_TO, TRIP_FROM, TRIP_TO -> data.startsWith("city:");
                case ASK_DATE, TRIP_DATE -> data.startsWith("date:");
                case ASK_SEATS, TRIP_SEATS -> data.startsWith("seats:");
                case TRIP_TIME -> data.startsWith("time:");
                case TRIP_PRICE -> data.startsWith("price:");
                case CONFIRM, TRIP_CONFIRM -> data.equals("confirm") || data.equals("change");
                default -> false;
            };
        }

        /** Takes every slot a free-text message gives: the parser's entities first, then our own reading. */
        private void fillFromFreeText() {
            Map<String, Object> entities = message.entities() == null ? Map.of() : message.entities();
            entityCity(entities.get("from_city")).ifPresent(c -> session = session.with(Session.FROM, c.name()));
            entityCity(entities.get("to_city")).ifPresent(c -> session = session.with(Session.TO, c.name()));
            List<Gazetteer.Mention> mentions = context.places().mentions(text);
            for (Gazetteer.Mention mention : mentions) {
                String slot = switch (mention.direction()) {
                    case FROM -> Session.FROM;
                    case TO -> Session.TO;
                    case UNMARKED -> session.has(Session.FROM) ? Session.TO : Session.FROM;
                };
                if (!session.has(slot)) {
                    session = session.with(slot, mention.city().name());
                }
            }
            if (session.slot(Session.FROM).equals(session.slot(Session.TO))) {
                session = new Session(session.state(), session.language(), withoutSlot(Session.TO));
            }
            Object date = entities.get("date");
            Optional<LocalDate> day = date != null ? parseIso(date.toString()) : TextInputs.date(text, today());
            day.filter(d -> validDate(d) == null).ifPresent(d -> session = session.with(Session.DATE, d));
            Object seats = entities.get("seats");
            if (seats instanceof Number n && n.intValue() >= 1 && n.intValue() <= MAX_SEATS) {
                session = session.with(Session.SEATS, n.intValue());
            } else if (mentionsSeats(text)) {
                TextInputs.seats(text).filter(n -> n >= 1 && n <= MAX_SEATS)
                        .ifPresent(n -> session = session.with(Session.SEATS, n));
            }
            Object phone = entities.get("phone");
            if (phone != null) {
                TextInputs.phone(phone.toString()).ifPresent(p -> session = session.with(Session.PHONE, p));
            }
        }

        private Map<String, String> withoutSlot(String slot) {
            Map<String, String> slots = new java.util.HashMap<>(session.slots());
            slots.remove(slot);
            return slots;
        }

        private Optional<City> entityCity(Object value) {
            return value == null ? Optional.empty() : context.places().byName(value.toString());
        }

        private static boolean mentionsSeats(String text) {
            String lower = text.toLowerCase();
            return lower.matches(".*(мест|человек|пассажир|двоих|троих|четверых|seat|people|person|орын|адам).*");
        }

        private void askNextBookingSlot() {
            if (!session.has(Session.FROM)) {
                session = session.in(State.ASK_FROM);
                say(t.askFrom(), cityButtons(null));
            } else if (!session.has(Session.TO)) {
                session = session.in(State.ASK_TO);
                say(t.askTo(), cityButtons(session.slot(Session.FROM).orElse(null)));
            } else if (!session.has(Session.DATE)) {
                session = session.in(State.ASK_DATE);
                say(t.askDate(), dateButtons());
            } else if (!session.has(Session.SEATS)) {
                session = session.in(State.ASK_SEATS);
                say(t.askSeats(), seatButtons());
            } else if (!session.has(Session.PHONE)) {
                session = session.in(State.ASK_PHONE);
                sayAskingContact(t.askPhone());
            } else {
                session = session.in(State.CONFIRM);
                City from = city(Session.FROM);
                City to = city(Session.TO);
                say(t.summary(name(from), name(to), session.date(), session.seats(),
                        context.tariff().pricePerSeat(from, to), context.tariff().roadKm(from, to),
                        session.slot(Session.PHONE).orElseThrow()), confirmButtons());
            }
        }

        private void confirmBooking() {
            switch (command) {
                case "confirm" -> {
                    action = new TaxiAction.RequestRide(session.slot(Session.FROM).orElseThrow(),
                            session.slot(Session.TO).orElseThrow(), session.date(), session.seats(),
                            session.slot(Session.PHONE).orElseThrow());
                    session = session.reset();
                }
                case "change" -> startBooking();
                default -> {
                    if (update.callback() != null) {
                        expired();
                    } else {
                        reask(null);
                    }
                }
            }
        }

        /** A city for the booking: a button, or typed text that may carry more (both cities, date, seats). */
        private String takeCity(String slot, String other) {
            if (command.startsWith("city:") || update.callback() != null) {
                return takeSingleCity(slot, other);
            }
            Map<String, String> before = session.slots();
            fillFromFreeText();
            if (!session.slots().equals(before)) {
                return null;
            }
            if (context.places().mentions(text).isEmpty()) {
                // not in the gazetteer: a place the geocoder may know, typed on its own
                return takeSingleCity(slot, other);
            }
            return t.sameCity();
        }

        /** Exactly one city: a button, or the first city typed that is not {@code other}. */
        private String takeSingleCity(String slot, String other) {
            Optional<City> city;
            if (command.startsWith("city:")) {
                city = context.places().byName(command.substring(5));
            } else {
                List<Gazetteer.Mention> mentions = context.places().mentions(text);
                city = mentions.stream().map(Gazetteer.Mention::city).filter(c -> !c.name().equals(other)).findFirst();
                if (city.isEmpty() && !mentions.isEmpty()) {
                    return t.sameCity();
                }
                if (mentions.isEmpty()) {
                    city = context.places().find(text);
                }
            }
            if (city.isEmpty()) {
                return t.unknownCity();
            }
            if (city.get().name().equals(other)) {
                return t.sameCity();
            }
            session = session.with(slot, city.get().name());
            return null;
        }

        private String takeDate() {
            Optional<LocalDate> date = command.startsWith("date:") ? parseIso(command.substring(5))
                    : TextInputs.date(text, today());
            if (date.isEmpty()) {
                return t.badDate();
            }
            String invalid = validDate(date.get());
            if (invalid != null) {
                return invalid;
            }
            session = session.with(Session.DATE, date.get());
            return null;
        }

        private String validDate(LocalDate date) {
            if (date.isBefore(today())) {
                return t.pastDate();
            }
            if (date.isAfter(today().plusDays(MAX_DAYS_AHEAD))) {
                return t.farDate();
            }
            return null;
        }

        private String takeSeats() {
            Optional<Integer> seats = command.startsWith("seats:") ? parseInt(command.substring(6))
                    : TextInputs.seats(text);
            if (seats.isEmpty() || seats.get() < 1 || seats.get() > MAX_SEATS) {
                return t.badSeats();
            }
            session = session.with(Session.SEATS, seats.get());
            return null;
        }

        private String takePhone() {
            Optional<String> phone = update.contact() != null ? TextInputs.phone(update.contact().phoneNumber())
                    : TextInputs.phone(text);
            if (phone.isEmpty()) {
                return t.badPhone();
            }
            session = session.with(Session.PHONE, phone.get());
            return null;
        }

        // --- drivers: registration

        private void driverName() {
            if (text.length() < 2 || text.length() > 60 || text.startsWith("/")) {
                reask(t.badName());
                return;
            }
            session = session.with(Session.NAME, text).in(State.DRIVER_CAR);
            say(t.askCar(), null);
        }

        private void driverCar() {
            if (text.length() < 2 || text.length() > 60) {
                reask(t.askCar());
                return;
            }
            session = session.with(Session.CAR, text).in(State.DRIVER_PLATE);
            say(t.askPlate(), null);
        }

        private void driverPlate() {
            String plate = text.replaceAll("[\\s-]", "").toUpperCase();
            if (!plate.matches("[0-9A-ZА-Я]{5,10}")) {
                reask(t.badPlate());
                return;
            }
            session = session.with(Session.PLATE, plate).in(State.DRIVER_PHONE);
            sayAskingContact(t.askPhone());
        }

        private void driverPhone() {
            String error = takePhone();
            if (error != null) {
                reask(error);
                return;
            }
            action = new TaxiAction.RegisterDriver(session.slot(Session.NAME).orElseThrow(),
                    session.slot(Session.CAR).orElseThrow(), session.slot(Session.PLATE).orElseThrow(),
                    session.slot(Session.PHONE).orElseThrow());
            session = session.reset();
        }

        // --- drivers: publishing a trip

        private void tripCity() {
            if (update.callback() != null && !expectsButton(command)) {
                expired();
                return;
            }
            boolean from = session.state() == State.TRIP_FROM;
            String error = takeSingleCity(from ? Session.FROM : Session.TO,
                    from ? null : session.slot(Session.FROM).orElse(null));
            if (error != null) {
                reask(error);
                return;
            }
            if (from) {
                session = session.in(State.TRIP_TO);
                say(t.askTo(), cityButtons(session.slot(Session.FROM).orElse(null)));
            } else {
                session = session.in(State.TRIP_DATE);
                say(t.askDate(), dateButtons());
            }
        }

        private void tripDate() {
            String error = takeDate();
            if (error != null) {
                reask(error);
                return;
            }
            session = session.in(State.TRIP_TIME);
            say(t.askTime(), List.of(List.of(new Button("07:00", "time:07:00"), new Button("09:00", "time:09:00"),
                    new Button("14:00", "time:14:00"), new Button("18:00", "time:18:00"))));
        }

        private void tripTime() {
            Optional<LocalTime> time = command.startsWith("time:") ? TextInputs.time(command.substring(5))
                    : TextInputs.time(text);
            if (time.isEmpty()) {
                reask(t.badTime());
                return;
            }
            if (!LocalDateTime.of(session.date(), time.get()).isAfter(context.now())) {
                reask(t.pastTime());
                return;
            }
            session = session.with(Session.TIME, time.get()).in(State.TRIP_SEATS);
            say(t.askTripSeats(), seatButtons());
        }

        private void tripSeats() {
            String error = takeSeats();
            if (error != null) {
                reask(error);
                return;
            }
            long suggested = context.tariff().pricePerSeat(city(Session.FROM), city(Session.TO));
            session = session.in(State.TRIP_PRICE);
            say(t.askPrice(suggested), List.of(List.of(new Button(TaxiTexts.money(suggested), "price:" + suggested))));
        }

        private void tripPrice() {
            Optional<Long> price = command.startsWith("price:") ? parseLong(command.substring(6))
                    : TextInputs.amount(text);
            if (price.isEmpty() || price.get() < 500 || price.get() > 100_000) {
                reask(t.badPrice());
                return;
            }
            session = session.with(Session.PRICE, price.get()).in(State.TRIP_CONFIRM);
            say(t.tripSummary(name(city(Session.FROM)), name(city(Session.TO)),
                    LocalDateTime.of(session.date(), session.time()), session.seats(), session.price()), confirmButtons());
        }

        private void confirmTrip() {
            switch (command) {
                case "confirm" -> {
                    action = new TaxiAction.PublishTrip(session.slot(Session.FROM).orElseThrow(),
                            session.slot(Session.TO).orElseThrow(), session.date(), session.time(), session.seats(),
                            session.price());
                    session = session.reset();
                }
                case "change" -> {
                    session = session.reset().in(State.TRIP_FROM);
                    say(t.askFrom(), cityButtons(null));
                }
                default -> {
                    if (update.callback() != null) {
                        expired();
                    } else {
                        reask(null);
                    }
                }
            }
        }

        // --- saying things

        /** Repeats the current step's question, after the reason the input was refused. */
        private void reask(String reason) {
            String question = switch (session.state()) {
                case ASK_FROM, TRIP_FROM -> t.askFrom();
                case ASK_TO, TRIP_TO -> t.askTo();
                case ASK_DATE, TRIP_DATE -> t.askDate();
                case ASK_SEATS -> t.askSeats();
                case TRIP_SEATS -> t.askTripSeats();
                case ASK_PHONE, DRIVER_PHONE -> t.askPhone();
                case TRIP_TIME -> t.askTime();
                default -> null;
            };
            String say = reason == null ? question : question == null ? reason : reason + "\n" + question;
            switch (session.state()) {
                case ASK_FROM, TRIP_FROM -> say(say, cityButtons(null));
                case ASK_TO, TRIP_TO -> say(say, cityButtons(session.slot(Session.FROM).orElse(null)));
                case ASK_DATE, TRIP_DATE -> say(say, dateButtons());
                case ASK_SEATS, TRIP_SEATS -> say(say, seatButtons());
                case ASK_PHONE, DRIVER_PHONE -> sayAskingContact(say);
                case CONFIRM, TRIP_CONFIRM -> say(reason == null ? t.notUnderstood() : say, confirmButtons());
                default -> say(say, null);
            }
        }

        private void expired() {
            session = session.reset();
            say(t.expired(), menu());
        }

        private void say(String text, List<List<Button>> keyboard) {
            replies.add(new BotReply(BOT, update.chatId(), text, keyboard, null, null, callbackId, null, null));
            callbackId = null;
        }

        private void sayAskingContact(String text) {
            replies.add(new BotReply(BOT, update.chatId(), text, null, t.phoneButton(), null, callbackId, null, null));
            callbackId = null;
        }

        private List<List<Button>> menu() {
            return List.of(List.of(new Button(t.bookButton(), "book")),
                    List.of(new Button(t.myTripsButton(), "mytrips"), new Button(t.helpButton(), "help")));
        }

        private List<List<Button>> cityButtons(String except) {
            List<List<Button>> rows = new ArrayList<>();
            List<Button> row = new ArrayList<>();
            for (String name : COMMON_CITIES) {
                if (name.equals(except)) {
                    continue;
                }
                City city = context.places().byName(name).orElseThrow();
                row.add(new Button(name(city), "city:" + name));
                if (row.size() == 3) {
                    rows.add(row);
                    row = new ArrayList<>();
                }
            }
            if (!row.isEmpty()) {
                rows.add(row);
            }
            rows.add(List.of(new Button(t.cancelButton(), "abort")));
            return rows;
        }

        private List<List<Button>> dateButtons() {
            LocalDate today = today();
            return List.of(List.of(new Button(t.today(), "date:" + today), new Button(t.tomorrow(), "date:" + today.plusDays(1)),
                    new Button(TaxiTexts.day(today.plusDays(2)).substring(0, 5), "date:" + today.plusDays(2))),
                    List.of(new Button(t.cancelButton(), "abort")));
        }

        private List<List<Button>> seatButtons() {
            return List.of(List.of(new Button("1", "seats:1"), new Button("2", "seats:2"), new Button("3", "seats:3"),
                    new Button("4", "seats:4")), List.of(new Button(t.cancelButton(), "abort")));
        }

        private List<List<Button>> confirmButtons() {
            return List.of(List.of(new Button(t.confirmButton(), "confirm"), new Button(t.changeButton(), "change")),
                    List.of(new Button(t.cancelButton(), "abort")));
        }

        private City city(String slot) {
            return context.places().byName(session.slot(slot).orElseThrow()).orElseThrow();
        }

        private String name(City city) {
            return city.displayName(language().code());
        }

        private LocalDate today() {
            return context.now().toLocalDate();
        }

        private static Optional<LocalDate> parseIso(String value) {
            try {
                return Optional.of(LocalDate.parse(value));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }

        private static Optional<Integer> parseInt(String value) {
            try {
                return Optional.of(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        private static Optional<Long> parseLong(String value) {
            try {
                return Optional.of(Long.parseLong(value));
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
