package kz.tapbot.gateway.bot;

/** How a bot receives updates. */
public enum BotMode {
    /** Telegram posts updates to /telegram/{bot}/webhook. */
    WEBHOOK,
    /** The gateway reads getUpdates. */
    POLLING,
    /** No Telegram: the web chat at /chat stands in for it. */
    LOCAL
}
