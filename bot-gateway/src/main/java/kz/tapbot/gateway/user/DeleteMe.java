package kz.tapbot.gateway.user;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.BotUpdate;
import kz.tapbot.events.UserErased;
import kz.tapbot.gateway.reply.GatewayTexts;
import kz.tapbot.platform.dialog.Commands;
import kz.tapbot.platform.messaging.EventIds;

/**
 * The /deleteme command of every bot, answered by the gateway itself (the domain services never see it): a
 * question with two buttons, then on "delete" the user's data is erased everywhere ({@link UserErasure}) and the
 * question is replaced by a polite goodbye; on "keep" nothing happens.
 */
@ApplicationScoped
public class DeleteMe {

    public static final String COMMAND = "/deleteme";
    static final String CONFIRM = "erase:confirm";
    static final String CANCEL = "erase:cancel";

    private final UserErasure erasure;

    DeleteMe(UserErasure erasure) {
        this.erasure = erasure;
    }

    /** Whether the gateway answers this update itself instead of passing it on to the bots. */
    public static boolean concerns(BotUpdate update) {
        String command = Commands.of(update);
        return COMMAND.equals(command) || CONFIRM.equals(command) || CANCEL.equals(command);
    }

    /**
     * The answer to an update that {@link #concerns} the command; on confirmation, the user is erased first.
     *
     * @throws IllegalStateException when the erasure cannot be completed now (the update is to be delivered again)
     */
    public Optional<BotReply> answer(BotUpdate update) {
        String command = Commands.of(update);
        String language = update.user().languageCode();
        String updateEventId = EventIds.ofTelegramUpdate(update.bot(), update.updateId());
        Long question = update.callback() == null ? null : update.callback().messageId();
        String callbackId = Commands.callbackId(update);
        switch (command) {
            case COMMAND:
                return Optional.of(new BotReply(update.bot(), update.chatId(), GatewayTexts.eraseQuestion(language),
                        List.of(List.of(new BotReply.Button(GatewayTexts.eraseConfirmButton(language), CONFIRM),
                                new BotReply.Button(GatewayTexts.eraseCancelButton(language), CANCEL))),
                        null, null, null, null, updateEventId));
            case CONFIRM:
                // one erasure per confirming press: a redelivered press republishes the same event id
                erasure.erase(update.user().id(), UserErased.BY_USER, update.bot(),
                        EventIds.derived(updateEventId, "erasure"));
                return Optional.of(new BotReply(update.bot(), update.chatId(), GatewayTexts.erased(language), null,
                        null, question, callbackId, null, updateEventId));
            case CANCEL:
                return Optional.of(new BotReply(update.bot(), update.chatId(), GatewayTexts.eraseCancelled(language),
                        null, null, question, callbackId, null, updateEventId));
            default:
                return Optional.empty();
        }
    }
}
