package kz.tapbot.events;

/** Kafka topic names. Key on every bot.* topic: the chat id as a decimal string. */
public final class Topics {
    public static final String BOT_UPDATES = "bot.updates";
    public static final String BOT_MESSAGES = "bot.messages";
    public static final String BOT_REPLIES = "bot.replies";

    public static final String BOT_UPDATES_DLQ = "bot.updates.dlq";
    public static final String BOT_MESSAGES_DLQ = "bot.messages.dlq";
    public static final String BOT_REPLIES_DLQ = "bot.replies.dlq";

    /** Messages the domain services hand to ai-service to answer; key: the chat id. */
    public static final String AI_REQUESTS = "ai.requests";
    public static final String AI_REQUESTS_DLQ = "ai.requests.dlq";

    /** Every change of a taxi booking; key: the booking id. */
    public static final String TAXI_BOOKINGS = "taxi.bookings";

    /** Every change of an apartment booking; key: the booking (stay) id. */
    public static final String APARTMENT_BOOKINGS = "apartment.bookings";

    /** A user asked to be forgotten (or an operator did for them); every service erases them. Key: the Telegram user id. */
    public static final String USER_ERASURES = "user.erasures";
    public static final String USER_ERASURES_DLQ = "user.erasures.dlq";

    private Topics() {
    }
}
