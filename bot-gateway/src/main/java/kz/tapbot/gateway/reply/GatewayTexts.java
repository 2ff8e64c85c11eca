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
}
