package kz.tapbot.platform.dialog;

import java.util.List;
import kz.tapbot.events.BotMessage;
import kz.tapbot.events.BotReply;

/** A bot's conversation as a function: one understood message in, the bot's replies out. */
public interface BotDialog {

    /** The bot this dialog speaks for (taxi, apartments). */
    String bot();

    List<BotReply> answer(BotMessage message);
}
