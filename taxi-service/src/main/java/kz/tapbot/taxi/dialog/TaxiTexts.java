package kz.tapbot.taxi.dialog;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.Tenge;

/** Everything the taxi bot says, in Russian, Kazakh and English. */
public final class TaxiTexts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");

    private final Language l;

    public TaxiTexts(Language language) {
        this.l = language;
    }

    public static String day(LocalDate date) {
        return DAY.format(date);
    }

    public static String dayTime(LocalDateTime time) {
        return DAY_TIME.format(time);
    }

    public static String money(long tenge) {
        return Tenge.format(tenge);
    }

    // --- start, help, menu, language

    public String welcome(String name) {
        String who = name == null || name.isBlank() ? "" : ", " + name;
        return l.pick("Здравствуйте" + who + "! Я бот междугороднего такси TapBot: найду место в машине, "
                        + "например из Алматы в Астану, и свяжу вас с водителем. Водитель? Нажмите /driver.",
                "Сәлеметсіз бе" + who + "! Мен TapBot қалааралық такси ботымын: көліктен орын тауып, "
                        + "жүргізушімен байланыстырамын. Жүргізушісіз бе? /driver басыңыз.",
                "Hello" + who + "! I am TapBot's intercity taxi bot: I find you a seat in a car, say from Almaty "
                        + "to Astana, and put you in touch with the driver. A driver? Press /driver.");
    }

    public String help() {
        return l.pick("Пассажиру:\n/book — забронировать место\n/mytrips — мои поездки\n/cancel — отменить\n"
                        + "Водителю:\n/driver — регистрация\n/newtrip — опубликовать поездку\n/requests — заявки\n"
                        + "/lang — язык, /help — справка.\nМожно написать и словами: «из Алматы в Астану завтра, 2 места».",
                "Жолаушыға:\n/book — орын брондау\n/mytrips — менің сапарларым\n/cancel — болдырмау\n"
                        + "Жүргізушіге:\n/driver — тіркелу\n/newtrip — сапар жариялау\n/requests — өтінімдер\n"
                        + "/lang — тіл, /help — анықтама.\nСөзбен де жазуға болады: «ертең Алматыдан Астанаға, 2 орын».",
                "Passengers:\n/book — book a seat\n/mytrips — my trips\n/cancel — cancel\n"
                        + "Drivers:\n/driver — register\n/newtrip — publish a trip\n/requests — open requests\n"
                        + "/lang — language, /help — help.\nOr just write: \"Almaty to Astana tomorrow, 2 seats\".");
    }

    public String bookButton() {
        return l.pick("🚕 Забронировать", "🚕 Брондау", "🚕 Book a ride");
    }

    public String myTripsButton() {
        return l.pick("🧳 Мои поездки", "🧳 Сапарларым", "🧳 My trips");
    }

    public String helpButton() {
        return l.pick("❓ Помощь", "❓ Көмек", "❓ Help");
    }

    public String chooseLanguage() {
        return "Выберите язык / Тілді таңдаңыз / Choose a language";
    }

    public String languageSet() {
        return l.pick("Теперь говорим по-русски.", "Енді қазақша сөйлесеміз.", "English it is.");
    }

    public String notUnderstood() {
        return l.pick("Не понял. Чтобы забронировать место, нажмите кнопку или напишите маршрут и дату.",
                "Түсінбедім. Орын брондау үшін батырманы басыңыз немесе бағыт пен күнді жазыңыз.",
                "I did not get that. To book a seat press the button, or write your route and date.");
    }

    public String expired() {
        return l.pick("Этот шаг уже устарел — начнём заново.", "Бұл қадамның мерзімі өтті — қайта бастайық.",
                "That step has expired, let us start again.");
    }

    public String dialogCancelled() {
        return l.pick("Хорошо, отменил. Чем ещё помочь?", "Жарайды, тоқтаттым. Тағы не көмектесейін?",
                "Fine, cancelled. What else can I do?");
    }

    // --- passenger booking

    public String askFrom() {
        return l.pick("Откуда едем? Выберите город или напишите его.", "Қайдан шығасыз? Қаланы таңдаңыз немесе жазыңыз.",
                "Where from? Pick a city or type it.");
    }

    public String askTo() {
        return l.pick("Куда едем?", "Қайда барасыз?", "Where to?");
    }

    public String unknownCity() {
        return l.pick("Не знаю такого города. Выберите из списка или напишите иначе (например «Астана»).",
                "Мұндай қаланы білмеймін. Тізімнен таңдаңыз немесе басқаша жазыңыз (мысалы «Астана»).",
                "I do not know that city. Pick one below or type it differently (e.g. \"Astana\").");
    }

    public String sameCity() {
        return l.pick("Город назначения совпадает с городом отправления. Куда едем?",
                "Бару қаласы шығу қаласымен бірдей. Қайда барасыз?",
                "That is the city you leave from. Where to?");
    }

    public String askDate() {
        return l.pick("Когда? Выберите день или напишите дату (например 28.11).",
                "Қашан? Күнді таңдаңыз немесе жазыңыз (мысалы 28.11).",
                "When? Pick a day or type a date (e.g. 28.11).");
    }

    public String badDate() {
        return l.pick("Не понял дату. Напишите, например, «завтра» или «28.11».",
                "Күнді түсінбедім. Мысалы «ертең» немесе «28.11» деп жазыңыз.",
                "I could not read that date. Write e.g. \"tomorrow\" or \"28.11\".");
    }

    public String pastDate() {
        return l.pick("Эта дата уже прошла. Выберите сегодня или позже.", "Бұл күн өтіп кетті. Бүгінді немесе кейінірек таңдаңыз.",
                "That date has passed. Pick today or later.");
    }

    public String farDate() {
        return l.pick("Бронируем не дальше чем на 60 дней вперёд.", "60 күннен алыс брондамаймыз.",
                "Bookings go at most 60 days ahead.");
    }

    public String today() {
        return l.pick("Сегодня", "Бүгін", "Today");
    }

    public String tomorrow() {
        return l.pick("Завтра", "Ертең", "Tomorrow");
    }

    public String askSeats() {
        return l.pick("Сколько мест нужно?", "Қанша орын керек?", "How many seats?");
    }

    public String badSeats() {
        return l.pick("Нужно число мест от 1 до 8.", "Орын саны 1-ден 8-ге дейін болуы керек.",
                "Seats must be a number from 1 to 8.");
    }

    public String askPhone() {
        return l.pick("Ваш номер телефона для водителя? Нажмите кнопку или напишите +7 7XX XXX XX XX.",
                "Жүргізушіге телефон нөміріңіз? Батырманы басыңыз немесе +7 7XX XXX XX XX деп жазыңыз.",
                "Your phone number for the driver? Press the button or type +7 7XX XXX XX XX.");
    }

    public String phoneButton() {
        return l.pick("📱 Отправить номер", "📱 Нөмірді жіберу", "📱 Share my number");
    }

    public String badPhone() {
        return l.pick("Это не похоже на номер Казахстана. Пример: +7 701 123 45 67.",
                "Бұл Қазақстан нөміріне ұқсамайды. Мысал: +7 701 123 45 67.",
                "That does not look like a Kazakhstan number. Example: +7 701 123 45 67.");
    }

    public String summary(String from, String to, LocalDate date, int seats, long pricePerSeat, long km, String phone) {
        return l.pick("Проверьте заявку:\n%s → %s, %s\nМест: %d\nОценка цены: %s за место, всего %s (~%d км)\nТелефон: %s",
                        "Өтінімді тексеріңіз:\n%s → %s, %s\nОрын: %d\nБағасы: орынға %s, барлығы %s (~%d км)\nТелефон: %s",
                        "Please check:\n%s → %s, %s\nSeats: %d\nPrice estimate: %s a seat, %s in all (~%d km)\nPhone: %s")
                .formatted(from, to, day(date), seats, money(pricePerSeat), money(pricePerSeat * seats), km, phone);
    }

    public String confirmButton() {
        return l.pick("✅ Подтвердить", "✅ Растау", "✅ Confirm");
    }

    public String changeButton() {
        return l.pick("✏️ Изменить", "✏️ Өзгерту", "✏️ Change");
    }

    public String cancelButton() {
        return l.pick("✖️ Отмена", "✖️ Болдырмау", "✖️ Cancel");
    }

    // --- outcomes for passengers

    public String requestOpen(String from, String to, LocalDate date) {
        return l.pick("Заявка %s → %s на %s принята. Свободной машины пока нет — водители на этом маршруте видят заявку, "
                        + "мы напишем, как только кто-то возьмёт её.",
                "%s → %s, %s өтінімі қабылданды. Әзірге бос көлік жоқ — бұл бағыттағы жүргізушілер өтінімді көреді, "
                        + "біреуі алған бойда хабарлаймыз.",
                "Request %s → %s on %s taken. No car has free seats yet: drivers on this route see your request, "
                        + "and we write as soon as one takes it.").formatted(from, to, day(date));
    }

    public String bookingConfirmed(String from, String to, LocalDateTime departure, int seats, long total,
                                   String driverName, String car, String plate, String driverPhone) {
        return l.pick("Место забронировано! %s → %s, отправление %s, мест: %d, к оплате %s.\nВодитель: %s, %s, %s\nТелефон: %s",
                        "Орын брондалды! %s → %s, жолға шығу %s, орын: %d, төлем %s.\nЖүргізуші: %s, %s, %s\nТелефон: %s",
                        "Seat booked! %s → %s, departs %s, seats: %d, to pay %s.\nDriver: %s, %s, %s\nPhone: %s")
                .formatted(from, to, dayTime(departure), seats, money(total), driverName, car, plate, driverPhone);
    }

    public String noTrips() {
        return l.pick("У вас нет предстоящих поездок.", "Алдағы сапарларыңыз жоқ.", "You have no upcoming trips.");
    }

    public String bookingLine(String from, String to, String when, int seats, String status) {
        return "%s → %s, %s, %d × 💺 — %s".formatted(from, to, when, seats, status);
    }

    public String statusRequested() {
        return l.pick("ищем машину", "көлік іздеп жатырмыз", "looking for a car");
    }

    public String statusConfirmed() {
        return l.pick("подтверждено", "расталды", "confirmed");
    }

    public String cancelBookingButton(String from, String to) {
        return l.pick("Отменить ", "Болдырмау ", "Cancel ") + from + " → " + to;
    }

    public String bookingCancelled() {
        return l.pick("Бронь отменена, места освобождены.", "Бронь болдырылмады, орындар босатылды.",
                "Booking cancelled, the seats are free again.");
    }

    public String bookingNotFound() {
        return l.pick("Эта бронь уже отменена или не ваша.", "Бұл бронь болдырылмаған немесе сіздікі емес.",
                "That booking is already cancelled or not yours.");
    }

    public String tripCancelledForPassenger(String from, String to, String when) {
        return l.pick("Водитель отменил поездку %s → %s (%s). Ваша бронь отменена — забронируйте заново: /book",
                "Жүргізуші %s → %s (%s) сапарын болдырмады. Броньыңыз жойылды — қайта брондаңыз: /book",
                "The driver cancelled the trip %s → %s (%s). Your booking is cancelled; book again: /book")
                .formatted(from, to, when);
    }

    public String requestClosedUnmatched(String from, String to, LocalDate date) {
        return l.pick("К сожалению, на %s → %s %s машина не нашлась, заявка закрыта. Попробуйте другой день: /book",
                "Өкінішке қарай, %s → %s %s көлік табылмады, өтінім жабылды. Басқа күнді көріңіз: /book",
                "Sorry, no car was found for %s → %s on %s; the request is closed. Try another day: /book")
                .formatted(from, to, day(date));
    }

    public String reminder(String from, String to, LocalDateTime departure, String counterpart, String phone) {
        return l.pick("Напоминание: поездка %s → %s в %s. Контакт: %s, %s.",
                "Еске салу: %s → %s сапары %s. Байланыс: %s, %s.",
                "Reminder: trip %s → %s at %s. Contact: %s, %s.").formatted(from, to, dayTime(departure), counterpart, phone);
    }

    // --- drivers

    public String askDriverName() {
        return l.pick("Регистрация водителя. Как вас зовут?", "Жүргізушіні тіркеу. Атыңыз кім?",
                "Driver registration. What is your name?");
    }

    public String badName() {
        return l.pick("Напишите имя (от 2 до 60 букв).", "Атыңызды жазыңыз (2-60 әріп).", "Please write a name (2 to 60 letters).");
    }

    public String askCar() {
        return l.pick("Марка и модель машины? (например Toyota Camry)", "Көлік маркасы мен моделі? (мысалы Toyota Camry)",
                "Car make and model? (e.g. Toyota Camry)");
    }

    public String askPlate() {
        return l.pick("Госномер? (например 123ABC02)", "Мемлекеттік нөмір? (мысалы 123ABC02)", "Plate number? (e.g. 123ABC02)");
    }

    public String badPlate() {
        return l.pick("Номер — это 5-10 букв и цифр, например 123ABC02.", "Нөмір — 5-10 әріп пен сан, мысалы 123ABC02.",
                "A plate is 5 to 10 letters and digits, e.g. 123ABC02.");
    }

    public String driverRegistered(String name) {
        return l.pick("Готово, %s! Теперь публикуйте поездки: /newtrip, и смотрите заявки: /requests.",
                "Дайын, %s! Енді сапар жариялаңыз: /newtrip, өтінімдерді қараңыз: /requests.",
                "Done, %s! Now publish trips with /newtrip and see requests with /requests.").formatted(name);
    }

    public String needDriver() {
        return l.pick("Сначала зарегистрируйтесь как водитель: /driver", "Алдымен жүргізуші ретінде тіркеліңіз: /driver",
                "Register as a driver first: /driver");
    }

    public String askTime() {
        return l.pick("Во сколько отправление? (например 09:00)", "Жолға қашан шығасыз? (мысалы 09:00)",
                "Departure time? (e.g. 09:00)");
    }

    public String badTime() {
        return l.pick("Напишите время как 09:00.", "Уақытты 09:00 сияқты жазыңыз.", "Write the time like 09:00.");
    }

    public String pastTime() {
        return l.pick("Это время уже прошло. Укажите более позднее.", "Бұл уақыт өтті. Кейінірек уақытты көрсетіңіз.",
                "That time has passed. Pick a later one.");
    }

    public String askTripSeats() {
        return l.pick("Сколько свободных мест?", "Қанша бос орын бар?", "How many free seats?");
    }

    public String askPrice(long suggested) {
        return l.pick("Цена за место? Рекомендуем %s по расстоянию — нажмите или напишите свою.",
                "Бір орынның бағасы? Қашықтыққа қарай %s ұсынамыз — басыңыз немесе өзіңіз жазыңыз.",
                "Price per seat? We suggest %s for the distance: press it or type your own.").formatted(money(suggested));
    }

    public String badPrice() {
        return l.pick("Цена — число тенге от 500 до 100 000.", "Баға — 500-ден 100 000 теңгеге дейін.",
                "The price is a number of tenge from 500 to 100,000.");
    }

    public String tripSummary(String from, String to, LocalDateTime departure, int seats, long price) {
        return l.pick("Поездка: %s → %s, %s, мест: %d, %s за место. Публикуем?",
                "Сапар: %s → %s, %s, орын: %d, орынға %s. Жариялаймыз ба?",
                "Trip: %s → %s, %s, seats: %d, %s a seat. Publish?").formatted(from, to, dayTime(departure), seats, money(price));
    }

    public String tripPublished(int matched) {
        return l.pick("Поездка опубликована.", "Сапар жарияланды.", "Trip published.")
                + (matched == 0 ? "" : l.pick(" Сразу нашлись пассажиры: %d.", " Бірден жолаушылар табылды: %d.",
                " Passengers found at once: %d.").formatted(matched));
    }

    public String passengerForDriver(String from, String to, LocalDateTime departure, String name, int seats, String phone) {
        return l.pick("Новый пассажир на %s → %s (%s): %s, мест: %d, телефон %s.",
                "%s → %s (%s) сапарына жаңа жолаушы: %s, орын: %d, телефон %s.",
                "New passenger for %s → %s (%s): %s, seats: %d, phone %s.").formatted(from, to, dayTime(departure), name, seats, phone);
    }

    public String passengerCancelledForDriver(String from, String to, LocalDateTime departure, String name, int seats) {
        return l.pick("Пассажир %s отменил бронь (%d мест) на %s → %s (%s). Места снова свободны.",
                "Жолаушы %s броньды болдырмады (%d орын), %s → %s (%s). Орындар қайта бос.",
                "Passenger %s cancelled (%d seats) on %s → %s (%s). The seats are free again.")
                .formatted(name, seats, from, to, dayTime(departure));
    }

    public String noRequests() {
        return l.pick("Открытых заявок на ваших маршрутах нет.", "Сіздің бағыттарыңызда ашық өтінім жоқ.",
                "No open requests on your routes.");
    }

    public String requestLine(String from, String to, LocalDate date, int seats) {
        return "%s → %s, %s, %d × 💺".formatted(from, to, day(date), seats);
    }

    public String acceptButton(String from, String to, LocalDate date) {
        return l.pick("Взять ", "Алу ", "Take ") + from + " → " + to + " " + DateTimeFormatter.ofPattern("dd.MM").format(date);
    }

    public String requestTaken() {
        return l.pick("Эту заявку уже взял другой водитель.", "Бұл өтінімді басқа жүргізуші алды.",
                "Another driver has already taken that request.");
    }

    public String noTripForRequest() {
        return l.pick("У вас нет поездки на этот маршрут и день со свободными местами. Опубликуйте её: /newtrip",
                "Бұл бағыт пен күнге бос орынды сапарыңыз жоқ. Жариялаңыз: /newtrip",
                "You have no trip with free seats on that route and day. Publish one: /newtrip");
    }

    public String requestAccepted() {
        return l.pick("Заявка ваша, пассажиру отправлены ваши данные.", "Өтінім сіздікі, жолаушыға деректеріңіз жіберілді.",
                "The request is yours; the passenger got your details.");
    }

    public String driverTripLine(String from, String to, LocalDateTime departure, int free, int total) {
        return l.pick("%s → %s, %s, свободно %d из %d", "%s → %s, %s, бос %d / %d", "%s → %s, %s, %d of %d seats free")
                .formatted(from, to, dayTime(departure), free, total);
    }

    public String cancelTripButton(String from, String to) {
        return l.pick("Отменить поездку ", "Сапарды болдырмау ", "Cancel trip ") + from + " → " + to;
    }

    public String tripCancelled(int passengersTold) {
        return l.pick("Поездка отменена, пассажиров оповещено: %d.", "Сапар болдырылмады, хабарланған жолаушылар: %d.",
                "Trip cancelled; passengers told: %d.").formatted(passengersTold);
    }

    public String tripNotFound() {
        return l.pick("Эта поездка уже отменена или не ваша.", "Бұл сапар болдырылмаған немесе сіздікі емес.",
                "That trip is already cancelled or not yours.");
    }
}
