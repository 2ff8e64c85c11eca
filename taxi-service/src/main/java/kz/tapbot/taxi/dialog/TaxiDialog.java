package kz.tapbot.taxi.dialog;

import java.util.List;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.BotDialog;
import kz.tapbot.platform.dialog.Commands;
import kz.tapbot.platform.dialog.Language;

/**
 * The taxi bot's conversation: (message) -> replies, a pure function with no I/O. For now it greets,
 * explains and points at booking; the booking states arrive with the taxi booking issue.
 * A button press is always answered (callbackQueryId), so the user's button never keeps spinning.
 */
public final class TaxiDialog implements BotDialog {

    public static final String BOT = "taxi";
    static final String BOOK = "book";
    static final String HELP = "help";

    @Override
    public String bot() {
        return BOT;
    }

    @Override
    public List<BotReply> answer(BotMessage message) {
        BotUpdate update = message.update();
        Language language = Language.of(message.language() != null ? message.language()
                : update.user().languageCode());
        String text = switch (Commands.of(update)) {
            case "/start" -> TaxiTexts.welcome(language, update.user().firstName());
            case "/help", HELP -> TaxiTexts.help(language);
            case "/book", BOOK -> TaxiTexts.bookingSoon(language);
            default -> TaxiTexts.notUnderstood(language);
        };
        return List.of(new BotReply(BOT, update.chatId(), text, menu(language), null, null, Commands.callbackId(update), null,
                null));
    }

    private static List<List<BotReply.Button>> menu(Language language) {
        return List.of(List.of(new BotReply.Button(TaxiTexts.bookButton(language), BOOK)),
                List.of(new BotReply.Button(TaxiTexts.helpButton(language), HELP)));
    }
}
