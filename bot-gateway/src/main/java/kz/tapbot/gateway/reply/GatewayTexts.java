package kz.tapbot.gateway.reply;

import kz.tapbot.platform.dialog.Language;

/** The few things the gateway itself says to users, in Russian, Kazakh and English. */
public final class GatewayTexts {

    private GatewayTexts() {
    }

    public static String slowDown(String languageCode) {
        return Language.of(languageCode).pick(
                "Вы отправляете сообщения слишком часто. Подождите минуту, пожалуйста, и продолжим.",
                "Хабарламалар тым жиі келіп жатыр. Бір минут күте тұрыңызшы, содан кейін жалғастырамыз.",
                "You are sending messages too fast. Please wait a minute, then carry on.");
    }

    public static String eraseQuestion(String languageCode) {
        return Language.of(languageCode).pick(
                "Удалить все ваши данные во всех ботах TapBot: профиль, переписку, поездки и брони? В бронях для"
                        + " отчётности останутся только даты и суммы, без вашего имени и телефона. Отменить удаление"
                        + " будет нельзя.",
                "TapBot боттарындағы барлық деректеріңізді жоямыз ба: профиль, хат-хабар, сапарлар мен броньдар?"
                        + " Броньдарда есеп үшін тек күндер мен сомалар қалады, атыңыз бен телефоныңызсыз. Жоюды"
                        + " кейін қайтару мүмкін болмайды.",
                "Delete all your data in every TapBot bot: profile, messages, rides and bookings? Bookings keep only"
                        + " their dates and amounts for accounting, without your name or phone. This cannot be undone.");
    }

    public static String eraseConfirmButton(String languageCode) {
        return Language.of(languageCode).pick("🗑 Да, удалить", "🗑 Иә, жою", "🗑 Yes, delete");
    }

    public static String eraseCancelButton(String languageCode) {
        return Language.of(languageCode).pick("Нет, оставить", "Жоқ, қалдыру", "No, keep it");
    }

    public static String erased(String languageCode) {
        return Language.of(languageCode).pick(
                "Готово: ваши данные удалены. Спасибо, что были с нами! Если напишете снова, начнём с чистого листа.",
                "Дайын: деректеріңіз жойылды. Бізбен болғаныңызға рахмет! Қайта жазсаңыз, бәрін жаңадан бастаймыз.",
                "Done: your data has been deleted. Thank you for riding with us! Write again any time to start afresh.");
    }

    public static String eraseCancelled(String languageCode) {
        return Language.of(languageCode).pick(
                "Хорошо, ничего не удаляем.",
                "Жақсы, ештеңе жойылмайды.",
                "All right, nothing is deleted.");
    }
}
