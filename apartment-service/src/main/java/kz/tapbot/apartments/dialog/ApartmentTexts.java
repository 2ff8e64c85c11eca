package kz.tapbot.apartments.dialog;

import kz.tapbot.platform.dialog.Language;

/** Everything the apartment bot says, in Russian, Kazakh and English. */
final class ApartmentTexts {

    private ApartmentTexts() {
    }

    static String welcome(Language language, String name) {
        String who = name == null || name.isBlank() ? "" : ", " + name;
        return language.pick(
                "Здравствуйте" + who + "! Я бот посуточной аренды TapBot: подберу квартиру под ваши даты, "
                        + "число гостей, бюджет и пожелания — тихо, с балконом, рядом с метро.",
                "Сәлеметсіз бе" + who + "! Мен TapBot тәуліктік жалға беру ботымын: күндеріңізге, қонақ санына, "
                        + "бюджетке және тілектерге сай пәтер табамын.",
                "Hello" + who + "! I am TapBot's daily rental bot: I find an apartment for your dates, guests, "
                        + "budget and wishes — quiet, with a balcony, near the metro.");
    }

    static String help(Language language) {
        return language.pick(
                "Команды:\n/search — найти квартиру\n/start — начать сначала\n/help — эта справка\n"
                        + "Можно написать и словами: «квартира в Алматы с 1 по 3 декабря на двоих до 20 000».",
                "Командалар:\n/search — пәтер іздеу\n/start — басынан бастау\n/help — осы анықтама\n"
                        + "Сөзбен де жаза аласыз: «Алматыда 1-3 желтоқсан екі адамға 20 000-ға дейін».",
                "Commands:\n/search — find an apartment\n/start — start over\n/help — this help\n"
                        + "You can also just write: \"apartment in Almaty 1-3 December for two, up to 20,000\".");
    }

    static String searchSoon(Language language) {
        return language.pick(
                "Поиск квартир открывается совсем скоро. Напишите город, даты и пожелания, и мы сохраним разговор.",
                "Пәтер іздеу жақында ашылады. Қаланы, күндерді және тілектерді жазыңыз, әңгімені сақтаймыз.",
                "Apartment search opens very soon. Write the city, dates and wishes, and we keep the conversation.");
    }

    static String notUnderstood(Language language) {
        return language.pick(
                "Пока я понимаю команды /start, /search и /help. Нажмите кнопку ниже.",
                "Әзірге /start, /search және /help командаларын түсінемін. Төмендегі батырманы басыңыз.",
                "For now I understand /start, /search and /help. Press a button below.");
    }

    static String searchButton(Language language) {
        return language.pick("🏠 Найти квартиру", "🏠 Пәтер іздеу", "🏠 Find an apartment");
    }

    static String helpButton(Language language) {
        return language.pick("❓ Помощь", "❓ Көмек", "❓ Help");
    }
}
