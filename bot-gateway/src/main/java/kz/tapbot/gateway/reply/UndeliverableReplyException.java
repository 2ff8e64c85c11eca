package kz.tapbot.gateway.reply;

/** Telegram refused a reply for good (e.g. 400 Bad Request): it goes to bot.replies.dlq with the reason. */
public class UndeliverableReplyException extends RuntimeException {
    public UndeliverableReplyException(String reason) {
        super(reason);
    }
}
