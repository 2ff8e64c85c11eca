package kz.tapbot.apartments.dialog;

import java.util.List;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.platform.dialog.BotDialog;
import kz.tapbot.platform.dialog.Commands;
import kz.tapbot.platform.dialog.Language;

/**
 * The apartment bot's conversation: (message) -> replies, a pure function with no I/O. For now it
 * greets, explains and points at search; the search and booking states arrive with the apartment issue.
 */
public final class ApartmentDialog implements BotDialog {

    public static final String BOT = "apartments";
    static final String SEARCH = "search";
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
            case "/start" -> ApartmentTexts.welcome(language, update.user().firstName());
            case "/help", HELP -> ApartmentTexts.help(language);
            case "/search", SEARCH -> ApartmentTexts.searchSoon(language);
            default -> ApartmentTexts.notUnderstood(language);
        };
        List<List<BotReply.Button>> menu = List.of(
                List.of(new BotReply.Button(ApartmentTexts.searchButton(language), SEARCH)),
                List.of(new BotReply.Button(ApartmentTexts.helpButton(language), HELP)));
        return List.of(new BotReply(BOT, update.chatId(), text, menu, null, null, Commands.callbackId(update), null, null));
    }
}
