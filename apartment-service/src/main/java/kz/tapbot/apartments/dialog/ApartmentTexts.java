package kz.tapbot.apartments.dialog;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import kz.tapbot.platform.dialog.Language;
import kz.tapbot.platform.dialog.Tenge;

/** Everything the apartment bot says, in Russian, Kazakh and English. */
public final class ApartmentTexts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy");
    private static final Map<String, String[]> AMENITIES = Map.of(
            "wifi", new String[] {"Wi-Fi", "Wi-Fi", "Wi-Fi"},
            "parking", new String[] {"Парковка", "Тұрақ", "Parking"},
            "balcony", new String[] {"Балкон", "Балкон", "Balcony"},
            "washer", new String[] {"Стиралка", "Кір жуғыш", "Washer"},
            "kitchen", new String[] {"Кухня", "Ас үй", "Kitchen"},
            "air_conditioning", new String[] {"Кондиционер", "Кондиционер", "Air conditioning"},
            "pets", new String[] {"Можно с животными", "Жануармен болады", "Pets allowed"},
            "elevator", new String[] {"Лифт", "Лифт", "Elevator"},
            "kids", new String[] {"Для детей", "Балаларға", "Kids"});

    private final Language language;

    public ApartmentTexts(Language language) {
        this.language = language;
    }

    private String pick(String ru, String kk, String en) {
        return language.pick(ru, kk, en);
    }

    public static String day(LocalDate date) {
        return DAY.format(date);
    }

    public static String money(long tenge) {
        return Tenge.format(tenge);
    }

    public String amenity(String canonical) {
        String[] names = AMENITIES.get(canonical);
        return names == null ? canonical : names[language.ordinal()];
    }

    public String amenities(List<String> canonical) {
        return canonical.isEmpty() ? "—" : canonical.stream().map(this::amenity).collect(Collectors.joining(", "));
    }

    // --- greeting and help

    String welcome(String name) {
        String who = name == null || name.isBlank() ? "" : ", " + name;
        return pick("Здравствуйте" + who + "! Я бот посуточной аренды TapBot: подберу квартиру под ваши даты, "
                        + "число гостей, бюджет и пожелания — тихо, с балконом, рядом с метро. Сдаёте жильё? "
                        + "Добавьте объявление: /addlisting.",
                "Сәлеметсіз бе" + who + "! Мен TapBot тәуліктік жалға беру ботымын: күндеріңізге, қонақ санына, "
                        + "бюджетке және тілектерге сай пәтер табамын. Пәтер жалға бересіз бе? Хабарландыру қосыңыз: /addlisting.",
                "Hello" + who + "! I am TapBot's daily rental bot: I find an apartment for your dates, guests, "
                        + "budget and wishes — quiet, with a balcony, near the metro. Renting out a place? Add it: /addlisting.");
    }

    String help() {
        return pick("Команды:\n/search — найти квартиру\n/mybookings — мои брони и отмена\n/addlisting — сдать квартиру\n"
                        + "/mylistings — мои объявления: цена, даты, пауза\n/lang — язык\n/cancel — прервать\n"
                        + "Можно написать и словами: «квартира в Алматы с 1 по 3 декабря на двоих до 20 000, тихо, с балконом».",
                "Командалар:\n/search — пәтер іздеу\n/mybookings — броньдарым және бас тарту\n/addlisting — пәтер жалға беру\n"
                        + "/mylistings — хабарландыруларым: баға, күндер, үзіліс\n/lang — тіл\n/cancel — тоқтату\n"
                        + "Сөзбен де жаза аласыз: «Алматыда 1-3 желтоқсан екі адамға 20 000-ға дейін, тыныш, балконы бар».",
                "Commands:\n/search — find an apartment\n/mybookings — my bookings and cancelling\n/addlisting — rent out a place\n"
                        + "/mylistings — my listings: price, dates, pause\n/lang — language\n/cancel — stop\n"
                        + "You can also just write: \"apartment in Almaty 1-3 December for two, up to 20,000, quiet, with a balcony\".");
    }

    String chooseLanguage() {
        return pick("Выберите язык:", "Тілді таңдаңыз:", "Choose a language:");
    }

    String languageSet() {
        return pick("Готово, говорим по-русски.", "Жарайды, қазақша сөйлесеміз.", "Done, we speak English.");
    }

    String notUnderstood() {
        return pick("Не понял. Нажмите кнопку ниже или напишите город и даты, например «Алматы с 1 по 3 декабря».",
                "Түсінбедім. Төмендегі батырманы басыңыз немесе қала мен күндерді жазыңыз.",
                "I did not get that. Press a button below or write a city and dates, e.g. \"Almaty 1-3 December\".");
    }

    String dialogCancelled() {
        return pick("Хорошо, прервали. Чем ещё помочь?", "Жарайды, тоқтаттық. Тағы не көмектесейін?",
                "OK, stopped. What else can I do?");
    }

    String expired() {
        return pick("Эта кнопка уже устарела. Начнём сначала:", "Бұл батырма ескірген. Басынан бастайық:",
                "That button has expired. Let's start again:");
    }

    // --- guests: search

    String askCity() {
        return pick("В каком городе ищете квартиру?", "Қай қаладан пәтер іздейсіз?", "Which city are you looking in?");
    }

    String unknownCity() {
        return pick("Не знаю такого города.", "Мұндай қаланы білмеймін.", "I do not know that city.");
    }

    String askCheckIn() {
        return pick("Дата заезда? Выберите в календаре или напишите, например «1 декабря».",
                "Кіру күні? Күнтізбеден таңдаңыз немесе жазыңыз, мысалы «1 желтоқсан».",
                "Check-in date? Pick it in the calendar or write it, e.g. \"1 December\".");
    }

    String askCheckOut(LocalDate checkIn) {
        return pick("Заезд " + day(checkIn) + ". Дата выезда?", "Кіру " + day(checkIn) + ". Шығу күні?",
                "Check-in " + day(checkIn) + ". Check-out date?");
    }

    String badDate() {
        return pick("Не понял дату.", "Күнді түсінбедім.", "I could not read that date.");
    }

    String dateOutOfRange() {
        return pick("Эту дату выбрать нельзя.", "Бұл күнді таңдауға болмайды.", "That date cannot be chosen.");
    }

    String checkOutBeforeCheckIn() {
        return pick("Выезд должен быть позже заезда.", "Шығу күні кіру күнінен кейін болуы керек.",
                "Check-out must be after check-in.");
    }

    String stayTooLong(int nights) {
        return pick("Бронируем не больше " + nights + " ночей.", "Ең көбі " + nights + " түнге брондаймыз.",
                "A stay is at most " + nights + " nights.");
    }

    String askGuests() {
        return pick("Сколько гостей?", "Неше қонақ?", "How many guests?");
    }

    String badGuests(int max) {
        return pick("Число гостей — от 1 до " + max + ".", "Қонақ саны 1-ден " + max + "-ге дейін.",
                "Guests: 1 to " + max + ".");
    }

    String askBudget() {
        return pick("Бюджет за ночь? Выберите или напишите сумму в тенге.",
                "Бір түнге бюджет? Таңдаңыз немесе теңгемен жазыңыз.",
                "Budget per night? Pick one or write an amount in tenge.");
    }

    String badBudget() {
        return pick("Напишите сумму числом, например 20000.", "Соманы санмен жазыңыз, мысалы 20000.",
                "Write the amount as a number, e.g. 20000.");
    }

    String upTo(long tenge) {
        return pick("до ", "", "up to ") + money(tenge) + pick("", " дейін", "");
    }

    String anyBudgetButton() {
        return pick("Любой бюджет", "Кез келген бюджет", "Any budget");
    }

    String askWishes() {
        return pick("Пожелания своими словами? Например: «тихо, с балконом, рядом с метро, можно с собакой».",
                "Тілектеріңіз? Мысалы: «тыныш, балконы бар, метроға жақын, итпен болады».",
                "Any wishes in your own words? E.g. \"quiet, with a balcony, near the metro, dog allowed\".");
    }

    String skipButton() {
        return pick("Без пожеланий", "Тілексіз", "No wishes");
    }

    // --- guests: results and booking

    String card(int position, String title, String district, String city, long pricePerNight, long total, int nights,
                int rooms, int maxGuests, List<String> amenities, Double rating, double score) {
        String where = district == null || district.isBlank() ? city : district + ", " + city;
        String stars = rating == null ? pick("новое", "жаңа", "new") : "★ " + rating;
        return (position + 1) + ". " + title + "\n📍 " + where + "\n"
                + pick("💰 ", "💰 ", "💰 ") + money(pricePerNight) + pick(" / ночь · ", " / түн · ", " / night · ")
                + pick("итого ", "барлығы ", "total ") + money(total) + pick(" за " + nights + " ноч.", " (" + nights + " түн)",
                " for " + nights + " night" + (nights == 1 ? "" : "s")) + "\n"
                + pick("🛏 Комнат: ", "🛏 Бөлме: ", "🛏 Rooms: ") + rooms + pick(" · гостей до ", " · қонақ ", " · guests up to ")
                + maxGuests + "\n✨ " + amenities(amenities) + "\n" + stars
                + pick(" · совпадение ", " · сәйкестік ", " · match ") + Math.round(score * 100) + "%";
    }

    String nextButton() {
        return pick("Следующая ➡️", "Келесі ➡️", "Next ➡️");
    }

    String bookButton() {
        return pick("Забронировать", "Брондау", "Book");
    }

    String newSearchButton() {
        return pick("🔎 Новый поиск", "🔎 Жаңа іздеу", "🔎 New search");
    }

    String nothingFound() {
        return pick("На эти даты ничего подходящего не нашлось. Попробуйте другие даты, бюджет или меньше пожеланий.",
                "Бұл күндерге лайықты ештеңе табылмады. Басқа күндерді, бюджетті көріңіз.",
                "Nothing fits those dates. Try other dates, a higher budget or fewer wishes.");
    }

    String noMoreResults() {
        return pick("Больше вариантов нет.", "Басқа нұсқа жоқ.", "No more results.");
    }

    String summary(String title, String city, LocalDate checkIn, LocalDate checkOut, int nights, int guests, long total,
                   String rules, int freeCancellationDays, long firstNight, boolean instantBook, long answerMinutes) {
        return pick("Проверьте бронь:\n", "Броньды тексеріңіз:\n", "Check your booking:\n")
                + title + " (" + city + ")\n"
                + day(checkIn) + " — " + day(checkOut) + pick(", ночей: ", ", түн: ", ", nights: ") + nights
                + pick(", гостей: ", ", қонақ: ", ", guests: ") + guests + "\n"
                + pick("Итого: ", "Барлығы: ", "Total: ") + money(total) + "\n\n"
                + pick("Правила дома: ", "Үй ережесі: ", "House rules: ") + rules + "\n"
                + policy(freeCancellationDays, firstNight) + "\n\n"
                + (instantBook ? pick("Мгновенное бронирование: подтверждение сразу.", "Бірден брондау: бірден расталады.",
                "Instant book: confirmed at once.")
                : pick("Хозяин ответит в течение " + answerMinutes + " мин, иначе запрос снимется и даты освободятся.",
                "Иесі " + answerMinutes + " минут ішінде жауап береді, әйтпесе сұрау жойылады.",
                "The landlord answers within " + answerMinutes + " min, or the request expires and the dates are freed."));
    }

    String policy(int freeCancellationDays, long firstNight) {
        return pick("Отмена бесплатно не позднее чем за " + freeCancellationDays + " дн. до заезда; позже — удерживается "
                        + "стоимость первой ночи (" + money(firstNight) + ").",
                "Кіруге " + freeCancellationDays + " күн қалғанға дейін тегін бас тартуға болады; кейін бірінші түннің "
                        + "құны (" + money(firstNight) + ") ұсталады.",
                "Free cancellation up to " + freeCancellationDays + " days before check-in; later, the first night ("
                        + money(firstNight) + ") is charged.");
    }

    String defaultRules() {
        return pick("заезд с 14:00, выезд до 12:00; не курить; без вечеринок; тишина после 23:00.",
                "кіру 14:00-ден, шығу 12:00-ге дейін; темекі шекпеу; кешсіз; 23:00-ден кейін тыныштық.",
                "check-in from 14:00, check-out by 12:00; no smoking; no parties; quiet after 23:00.");
    }

    String confirmButton() {
        return pick("✅ Подтвердить", "✅ Растау", "✅ Confirm");
    }

    String backButton() {
        return pick("⬅️ Назад", "⬅️ Артқа", "⬅️ Back");
    }

    String requestSent(long answerMinutes) {
        return pick("Запрос отправлен хозяину. Ответ — в течение " + answerMinutes + " мин; адрес и контакт пришлю после "
                        + "подтверждения.",
                "Сұрау иесіне жіберілді. Жауап " + answerMinutes + " минут ішінде; мекенжай мен байланысты растаудан кейін жіберемін.",
                "Request sent to the landlord. They answer within " + answerMinutes + " min; I send the address and contact "
                        + "once confirmed.");
    }

    String confirmed(String title, LocalDate checkIn, LocalDate checkOut, long total, String address, String contact) {
        return pick("🎉 Бронь подтверждена: ", "🎉 Бронь расталды: ", "🎉 Booking confirmed: ") + title + "\n"
                + day(checkIn) + " — " + day(checkOut) + ", " + money(total) + "\n"
                + pick("Адрес: ", "Мекенжай: ", "Address: ") + address + "\n"
                + pick("Хозяин: ", "Иесі: ", "Landlord: ") + contact;
    }

    String declined(String title, LocalDate checkIn) {
        return pick("К сожалению, хозяин отклонил запрос: ", "Өкінішке орай, иесі сұрауды қабылдамады: ",
                "Sorry, the landlord declined: ") + title + ", " + day(checkIn) + pick(". Найдём другую? /search",
                ". Басқасын табайық? /search", ". Shall we find another? /search");
    }

    String expiredRequest(String title, LocalDate checkIn) {
        return pick("Хозяин не ответил вовремя, запрос снят, даты свободны: ", "Иесі уақытында жауап бермеді, сұрау жойылды: ",
                "The landlord did not answer in time; the request expired: ") + title + ", " + day(checkIn)
                + pick(". Поищем другую? /search", ". Басқасын іздейік бе? /search", ". Search again? /search");
    }

    String datesTaken() {
        return pick("Увы, эти даты только что заняли. Посмотрите другие варианты: /search",
                "Өкінішке орай, бұл күндер жаңа ғана брондалды. Басқа нұсқаларды қараңыз: /search",
                "Sorry, those dates were just taken. Have a look at other options: /search");
    }

    String listingUnavailable() {
        return pick("Это объявление сейчас недоступно. /search", "Бұл хабарландыру қазір қолжетімсіз. /search",
                "That listing is not available now. /search");
    }

    String noBookings() {
        return pick("У вас нет броней. /search — найти квартиру.", "Сізде бронь жоқ. /search — пәтер іздеу.",
                "You have no bookings. /search to find an apartment.");
    }

    String bookingLine(String title, LocalDate checkIn, LocalDate checkOut, long total, String status) {
        return "• " + title + "\n  " + day(checkIn) + " — " + day(checkOut) + ", " + money(total) + " — " + status(status);
    }

    String status(String status) {
        return switch (status) {
            case "pending" -> pick("ждёт ответа хозяина", "иесінің жауабын күтуде", "waiting for the landlord");
            case "confirmed" -> pick("подтверждена", "расталды", "confirmed");
            case "declined" -> pick("отклонена", "қабылданбады", "declined");
            case "expired" -> pick("истекла", "мерзімі өтті", "expired");
            case "cancelled" -> pick("отменена", "жойылды", "cancelled");
            default -> status;
        };
    }

    String myBookingsTitle() {
        return pick("Ваши брони:", "Сіздің броньдарыңыз:", "Your bookings:");
    }

    String cancelBookingButton(LocalDate checkIn) {
        return pick("❌ Отменить ", "❌ Бас тарту ", "❌ Cancel ") + day(checkIn);
    }

    String cancelled(boolean free, long fee) {
        return free ? pick("Бронь отменена бесплатно, даты освобождены.", "Бронь тегін жойылды, күндер босатылды.",
                "Booking cancelled free of charge; the dates are free again.")
                : pick("Бронь отменена. По правилам отмены удерживается " + money(fee) + ".",
                "Бронь жойылды. Бас тарту ережесі бойынша " + money(fee) + " ұсталады.",
                "Booking cancelled. Under the cancellation policy " + money(fee) + " is charged.");
    }

    String cancelledBySupport(String title, LocalDate checkIn) {
        return pick("Служба поддержки TapBot отменила бронь, даты освобождены: ", "TapBot қолдау қызметі броньды жойды: ",
                "TapBot support cancelled a booking; the dates are free again: ") + title + ", " + day(checkIn);
    }

    String notCancellable() {
        return pick("Эту бронь уже нельзя отменить.", "Бұл броньнан бас тарту мүмкін емес.", "That booking cannot be cancelled.");
    }

    // --- landlords: notices

    String newRequest(String guest, String title, LocalDate checkIn, LocalDate checkOut, int nights, int guests, long total,
                      long answerMinutes) {
        return pick("📩 Новый запрос на бронь: ", "📩 Жаңа брондау сұрауы: ", "📩 New booking request: ") + title + "\n"
                + day(checkIn) + " — " + day(checkOut) + " (" + nights + pick(" ноч.", " түн", " nights") + "), "
                + pick("гостей: ", "қонақ: ", "guests: ") + guests + ", " + money(total) + "\n"
                + pick("Гость: ", "Қонақ: ", "Guest: ") + guest + "\n"
                + pick("Ответьте в течение " + answerMinutes + " мин.", answerMinutes + " минут ішінде жауап беріңіз.",
                "Please answer within " + answerMinutes + " min.");
    }

    String instantBooked(String guest, String title, LocalDate checkIn, LocalDate checkOut, int guests, long total) {
        return pick("✅ Мгновенная бронь: ", "✅ Бірден брондау: ", "✅ Instant booking: ") + title + "\n"
                + day(checkIn) + " — " + day(checkOut) + ", " + pick("гостей: ", "қонақ: ", "guests: ") + guests + ", "
                + money(total) + "\n" + pick("Гость: ", "Қонақ: ", "Guest: ") + guest;
    }

    String acceptButton() {
        return pick("✅ Подтвердить", "✅ Растау", "✅ Confirm");
    }

    String declineButton() {
        return pick("❌ Отклонить", "❌ Бас тарту", "❌ Decline");
    }

    String youConfirmed(String title, LocalDate checkIn) {
        return pick("Вы подтвердили бронь: ", "Броньды растадыңыз: ", "You confirmed: ") + title + ", " + day(checkIn);
    }

    String youDeclined(String title, LocalDate checkIn) {
        return pick("Вы отклонили запрос, даты снова свободны: ", "Сұрауды қабылдамадыңыз, күндер бос: ",
                "You declined; the dates are free again: ") + title + ", " + day(checkIn);
    }

    String alreadyAnswered() {
        return pick("Этот запрос уже закрыт (подтверждён, отклонён, отменён или истёк).",
                "Бұл сұрау жабылған.", "That request is already closed (answered, cancelled or expired).");
    }

    String requestExpiredForLandlord(String title, LocalDate checkIn) {
        return pick("Запрос истёк без ответа, даты снова свободны: ", "Сұрау жауапсыз өтті, күндер бос: ",
                "A request expired unanswered; the dates are free again: ") + title + ", " + day(checkIn);
    }

    String guestCancelled(String title, LocalDate checkIn, LocalDate checkOut) {
        return pick("Гость отменил бронь, даты снова свободны: ", "Қонақ броньнан бас тартты, күндер бос: ",
                "A guest cancelled; the dates are free again: ") + title + ", " + day(checkIn) + " — " + day(checkOut);
    }

    String notYourListing() {
        return pick("Это не ваше объявление.", "Бұл сіздің хабарландыруыңыз емес.", "That is not your listing.");
    }

    // --- landlords: adding a listing

    String askListingCity() {
        return pick("Сдаём квартиру. В каком городе?", "Пәтерді жалға береміз. Қай қалада?",
                "Let's add your apartment. Which city?");
    }

    String askAddress() {
        return pick("Адрес (улица, дом, квартира)? Гость увидит его только после подтверждения брони.",
                "Мекенжай (көше, үй, пәтер)? Қонақ оны тек бронь расталғаннан кейін көреді.",
                "Address (street, building, flat)? Guests see it only once a booking is confirmed.");
    }

    String badAddress() {
        return pick("Напишите адрес текстом, от 5 до 200 символов.", "Мекенжайды 5-200 таңбамен жазыңыз.",
                "Write the address as text, 5 to 200 characters.");
    }

    String askLocation() {
        return pick("Где это на карте? Пришлите геопозицию (📎 → Геопозиция), координаты «43.238, 76.945» или найдём по адресу.",
                "Картада қай жерде? Геолокация жіберіңіз, координаталарды «43.238, 76.945» жазыңыз немесе мекенжай бойынша табамыз.",
                "Where is it on the map? Send a location (📎 → Location), coordinates \"43.238, 76.945\", or let me find the address.");
    }

    String addressNotFound() {
        return pick("Не нашёл адрес на карте. Пришлите геопозицию или координаты.",
                "Мекенжай картадан табылмады. Геолокация немесе координата жіберіңіз.",
                "I could not find that address on the map. Send a location or coordinates.");
    }

    String badLocation() {
        return pick("Не понял место.", "Орынды түсінбедім.", "I could not read that place.");
    }

    String locationTaken(double lat, double lon) {
        return pick("📍 Точка: ", "📍 Нүкте: ", "📍 Point: ") + String.format(java.util.Locale.ROOT, "%.5f, %.5f", lat, lon);
    }

    String findOnMapButton() {
        return pick("🔎 Найти по адресу", "🔎 Мекенжай бойынша табу", "🔎 Find the address");
    }

    String cityCentreButton() {
        return pick("🏙 Центр города (примерно)", "🏙 Қала орталығы (шамамен)", "🏙 City centre (roughly)");
    }

    String askRooms() {
        return pick("Сколько комнат?", "Неше бөлме?", "How many rooms?");
    }

    String badRooms() {
        return pick("Комнат — от 1 до 20.", "Бөлме саны 1-ден 20-ға дейін.", "Rooms: 1 to 20.");
    }

    String askMaxGuests() {
        return pick("Сколько гостей максимум?", "Ең көбі неше қонақ?", "How many guests at most?");
    }

    String askPrice() {
        return pick("Цена за ночь в тенге?", "Бір түннің бағасы (теңге)?", "Price per night in tenge?");
    }

    String badPrice(long min, long max) {
        return pick("Цена — число от " + money(min) + " до " + money(max) + ".",
                "Баға " + money(min) + " мен " + money(max) + " аралығындағы сан.",
                "The price is a number from " + money(min) + " to " + money(max) + ".");
    }

    String askNewPrice() {
        return pick("Новая цена за ночь в тенге?", "Бір түннің жаңа бағасы (теңге)?", "New price per night in tenge?");
    }

    String askAmenities() {
        return pick("Отметьте удобства и нажмите «Готово».", "Ыңғайлылықтарды белгілеп, «Дайын» басыңыз.",
                "Tick the amenities, then press Done.");
    }

    String useTheChecklist() {
        return pick("Отметьте удобства кнопками.", "Батырмалармен белгілеңіз.", "Use the buttons to tick amenities.");
    }

    String askPhotos(int max) {
        return pick("Пришлите фото квартиры (до " + max + ") или ссылки на них, затем «Готово».",
                "Пәтердің суретін (" + max + " дейін) немесе сілтемесін жіберіңіз, содан кейін «Дайын».",
                "Send photos of the apartment (up to " + max + ") or links to them, then Done.");
    }

    String badPhoto() {
        return pick("Жду фото или ссылку https://…", "Сурет немесе https://… сілтеме күтемін.",
                "I am waiting for a photo or an https://… link.");
    }

    String atLeastOnePhoto() {
        return pick("Нужно хотя бы одно фото.", "Кем дегенде бір сурет керек.", "At least one photo, please.");
    }

    String photosTaken(int count, int max) {
        return pick("Фото: " + count + " из " + max + ". Ещё или «Готово».", "Сурет: " + count + "/" + max + ". Тағы немесе «Дайын».",
                "Photos: " + count + " of " + max + ". More, or Done.");
    }

    String askDescription() {
        return pick("Опишите квартиру: что рядом, вид, тишина, для кого подойдёт.",
                "Пәтерді сипаттаңыз: маңында не бар, көрініс, тыныштық.",
                "Describe the apartment: what is nearby, the view, how quiet, who it suits.");
    }

    String badDescription() {
        return pick("Описание — от 10 до 2000 символов.", "Сипаттама 10-2000 таңба.", "The description is 10 to 2000 characters.");
    }

    String askInstantBook() {
        return pick("Мгновенное бронирование? «Да» — брони подтверждаются сразу; «Нет» — вы подтверждаете каждую.",
                "Бірден брондау? «Иә» — бронь бірден расталады; «Жоқ» — әрқайсысын өзіңіз растайсыз.",
                "Instant book? Yes: bookings confirm at once; No: you confirm each one.");
    }

    String askContact() {
        return pick("Как гостям связаться с вами после подтверждения? Поделитесь телефоном кнопкой, напишите номер или @username.",
                "Расталғаннан кейін қонақтар сізбен қалай байланысады? Телефонмен бөлісіңіз, нөмірді немесе @username жазыңыз.",
                "How do guests reach you once confirmed? Share your phone with the button, or write a number or @username.");
    }

    String badContact() {
        return pick("Нужен телефон Казахстана (+7…) или @username.", "Қазақстан телефоны (+7…) немесе @username керек.",
                "A Kazakhstan phone number (+7…) or a @username, please.");
    }

    String listingSummary(String city, String address, int rooms, int maxGuests, long price, List<String> amenities,
                          int photos, boolean instant) {
        return pick("Проверьте объявление:\n", "Хабарландыруды тексеріңіз:\n", "Check your listing:\n")
                + city + ", " + address + "\n"
                + pick("Комнат: ", "Бөлме: ", "Rooms: ") + rooms + pick(", гостей до ", ", қонақ ", ", guests up to ") + maxGuests
                + "\n" + money(price) + pick(" / ночь", " / түн", " / night") + "\n✨ " + amenities(amenities) + "\n"
                + pick("Фото: ", "Сурет: ", "Photos: ") + photos + "\n"
                + (instant ? pick("Мгновенное бронирование", "Бірден брондау", "Instant book")
                : pick("Подтверждаю сам", "Өзім растаймын", "I confirm each booking"));
    }

    String publishButton() {
        return pick("📢 Опубликовать", "📢 Жариялау", "📢 Publish");
    }

    /** A listing's public title: its size and city, never the address (guests get that once confirmed). */
    String listingTitle(int rooms, String city) {
        String kind = rooms == 1 ? pick("1-комнатная квартира", "1 бөлмелі пәтер", "1-room apartment")
                : rooms + pick("-комнатная квартира", " бөлмелі пәтер", "-room apartment");
        return kind + ", " + city;
    }

    String published(String title) {
        return pick("Объявление опубликовано: ", "Хабарландыру жарияланды: ", "Listing published: ") + title
                + pick(". Управление — /mylistings.", ". Басқару — /mylistings.", ". Manage it with /mylistings.");
    }

    // --- landlords: managing

    String noListings() {
        return pick("У вас нет объявлений. /addlisting — добавить.", "Хабарландыруыңыз жоқ. /addlisting — қосу.",
                "You have no listings. /addlisting to add one.");
    }

    String listingLine(String title, String city, long price, String status, int upcoming) {
        String state = "paused".equals(status) ? pick("на паузе", "үзілісте", "paused") : pick("активно", "белсенді", "active");
        return "🏠 " + title + " (" + city + ")\n" + money(price) + pick(" / ночь · ", " / түн · ", " / night · ") + state
                + pick(" · предстоящих броней: ", " · алдағы бронь: ", " · upcoming stays: ") + upcoming;
    }

    String priceButton() {
        return pick("💰 Цена", "💰 Баға", "💰 Price");
    }

    String blockButton() {
        return pick("🚫 Закрыть даты", "🚫 Күндерді жабу", "🚫 Block dates");
    }

    String unblockButton() {
        return pick("✅ Открыть даты", "✅ Күндерді ашу", "✅ Unblock");
    }

    String pauseButton() {
        return pick("⏸ Пауза", "⏸ Үзіліс", "⏸ Pause");
    }

    String resumeButton() {
        return pick("▶️ Включить", "▶️ Қосу", "▶️ Resume");
    }

    String staysButton() {
        return pick("📅 Брони", "📅 Броньдар", "📅 Stays");
    }

    String priceChanged(String title, long price) {
        return pick("Новая цена: ", "Жаңа баға: ", "New price: ") + title + " — " + money(price) + pick(" / ночь", " / түн", " / night");
    }

    String askBlockFrom() {
        return pick("Первый день, который закрыть?", "Жабатын бірінші күн?", "First day to block?");
    }

    String askBlockTo() {
        return pick("Последний закрытый день?", "Жабылатын соңғы күн?", "Last day to block?");
    }

    String blocked(LocalDate from, LocalDate lastDay) {
        return pick("Даты закрыты: ", "Күндер жабылды: ", "Blocked: ") + day(from) + " — " + day(lastDay);
    }

    String datesNotFree() {
        return pick("На эти даты уже есть бронь или блокировка. Выберите другие.", "Бұл күндерде бронь бар. Басқасын таңдаңыз.",
                "Those dates already hold a booking or a block. Choose others.");
    }

    String noBlocks() {
        return pick("Закрытых дат нет.", "Жабық күндер жоқ.", "No blocked dates.");
    }

    String blocksTitle() {
        return pick("Закрытые даты — нажмите, чтобы открыть:", "Жабық күндер — ашу үшін басыңыз:", "Blocked dates — press to unblock:");
    }

    String unblocked() {
        return pick("Даты снова открыты.", "Күндер қайта ашылды.", "Those dates are open again.");
    }

    String paused(boolean paused, String title) {
        return paused ? pick("Объявление на паузе, в поиске не показывается: ", "Хабарландыру үзілісте: ",
                "Listing paused, hidden from search: ") + title
                : pick("Объявление снова в поиске: ", "Хабарландыру қайта іздеуде: ", "Listing back in search: ") + title;
    }

    String noStays() {
        return pick("Предстоящих броней нет.", "Алдағы бронь жоқ.", "No upcoming stays.");
    }

    String staysTitle(String title) {
        return pick("Предстоящие брони — ", "Алдағы броньдар — ", "Upcoming stays — ") + title + ":";
    }

    String stayLine(LocalDate checkIn, LocalDate checkOut, int guests, long total, String status, String guest) {
        return "• " + day(checkIn) + " — " + day(checkOut) + ", " + guests + pick(" гост., ", " қонақ, ", " guests, ")
                + money(total) + ", " + status(status) + (guest == null ? "" : ", " + guest);
    }

    // --- buttons

    String searchButton() {
        return pick("🏠 Найти квартиру", "🏠 Пәтер іздеу", "🏠 Find an apartment");
    }

    String myBookingsButton() {
        return pick("📋 Мои брони", "📋 Броньдарым", "📋 My bookings");
    }

    String helpButton() {
        return pick("❓ Помощь", "❓ Көмек", "❓ Help");
    }

    String addListingButton() {
        return pick("➕ Сдать квартиру", "➕ Пәтер беру", "➕ Rent out");
    }

    String myListingsButton() {
        return pick("🗂 Мои объявления", "🗂 Хабарландыруларым", "🗂 My listings");
    }

    String doneButton() {
        return pick("Готово", "Дайын", "Done");
    }

    String yesButton() {
        return pick("Да", "Иә", "Yes");
    }

    String noButton() {
        return pick("Нет", "Жоқ", "No");
    }

    String cancelButton() {
        return pick("✖️ Отмена", "✖️ Болдырмау", "✖️ Cancel");
    }

    String contactButton() {
        return pick("📱 Поделиться телефоном", "📱 Телефонмен бөлісу", "📱 Share my phone");
    }
}
