package kz.tapbot.gateway.reply;

/** The few things the gateway itself says to users, in Russian, Kazakh and English. */
public final class GatewayTexts {

    private GatewayTexts() {
    }

    public static String slowDown(String languageCode) {
        return switch (language(languageCode)) {
            case "kk" -> "Хабарламалар тым жиі келіп жатыр. Бір минут күте тұрыңызшы, содан кейін жалғастырамыз.";
            case "en" -> "You are sending messages too fast. Please wait a minute, then carry on.";
            default -> "Вы отправляете сообщения слишком часто. Подождите минуту, пожалуйста, и продолжим.";
        };
    }

    static String language(String languageCode) {
        if (languageCode == null) {
            return "ru";
        }
        String code = languageCode.toLowerCase();
        if (code.startsWith("kk") || code.startsWith("kz")) {
            return "kk";
        }
        return code.startsWith("en") ? "en" : "ru";
    }
}
