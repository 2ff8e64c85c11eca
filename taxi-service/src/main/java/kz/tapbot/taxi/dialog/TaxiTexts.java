package kz.tapbot.taxi.dialog;

import kz.tapbot.platform.dialog.Language;

/** Everything the taxi bot says, in Russian, Kazakh and English. */
final class TaxiTexts {

    private TaxiTexts() {
    }

    static String welcome(Language language, String name) {
        String who = name == null || name.isBlank() ? "" : ", " + name;
        return language.pick(
                "Здравствуйте" + who + "! Я бот междугороднего такси TapBot: помогу найти место в машине, "
                        + "например из Алматы в Астану, и свяжу вас с водителем.",
                "Сәлеметсіз бе" + who + "! Мен TapBot қалааралық такси ботымын: көліктен орын табуға, "
                        + "мысалы Алматыдан Астанаға, және жүргізушімен байланысуға көмектесемін.",
                "Hello" + who + "! I am TapBot's intercity taxi bot: I help you find a seat in a car, "
                        + "say from Almaty to Astana, and put you in touch with the driver.");
    }

    static String help(Language language) {
        return language.pick(
                "Команды:\n/start — начать сначала\n/book — забронировать место в поездке\n"
                        + "/help — эта справка\nМожно написать и словами: «из Алматы в Астану завтра, 2 места».",
                "Командалар:\n/start — басынан бастау\n/book — сапарға орын брондау\n"
                        + "/help — осы анықтама\nСөзбен де жаза аласыз: «ертең Алматыдан Астанаға, 2 орын».",
                "Commands:\n/start — start over\n/book — book a seat on a ride\n"
                        + "/help — this help\nYou can also just write: \"Almaty to Astana tomorrow, 2 seats\".");
    }

    static String bookingSoon(Language language) {
        return language.pick(
                "Бронирование мест открывается совсем скоро. Напишите маршрут и дату, и мы сохраним разговор.",
                "Орын брондау жақында ашылады. Бағыт пен күнді жазыңыз, әңгімені сақтаймыз.",
                "Seat booking opens very soon. Write your route and date, and we keep the conversation.");
    }

    static String notUnderstood(Language language) {
        return language.pick(
                "Пока я понимаю команды /start, /book и /help. Нажмите кнопку ниже.",
                "Әзірге /start, /book және /help командаларын түсінемін. Төмендегі батырманы басыңыз.",
                "For now I understand /start, /book and /help. Press a button below.");
    }

    static String bookButton(Language language) {
        return language.pick("🚕 Забронировать поездку", "🚕 Сапарды брондау", "🚕 Book a ride");
    }

    static String helpButton(Language language) {
        return language.pick("❓ Помощь", "❓ Көмек", "❓ Help");
    }
}
