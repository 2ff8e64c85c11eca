package kz.tapbot.platform.logging;

import org.jboss.logging.MDC;

/**
 * Puts the bot and the chat a message belongs to on every log line written while it is handled (MDC keys
 * {@value #BOT} and {@value #CHAT_ID}, beside OpenTelemetry's traceId/spanId):
 * <pre>{@code try (ChatLogContext.Scope chat = ChatLogContext.of(update.bot(), update.chatId())) { ... }}</pre>
 * Closing the scope restores what the keys held before, so scopes nest.
 */
public final class ChatLogContext {

    public static final String BOT = "bot";
    public static final String CHAT_ID = "chatId";

    private ChatLogContext() {
    }

    public static Scope of(String bot, long chatId) {
        return new Scope(bot, String.valueOf(chatId));
    }

    /** The bot and chat of one message, on the log lines of this thread (or Vert.x context) until closed. */
    public static final class Scope implements AutoCloseable {

        private final Object previousBot;
        private final Object previousChatId;

        private Scope(String bot, String chatId) {
            this.previousBot = bot == null ? take(BOT) : MDC.put(BOT, bot);
            this.previousChatId = MDC.put(CHAT_ID, chatId);
        }

        private static Object take(String key) {
            Object value = MDC.get(key);
            MDC.remove(key);
            return value;
        }

        @Override
        public void close() {
            restore(BOT, previousBot);
            restore(CHAT_ID, previousChatId);
        }

        private static void restore(String key, Object previous) {
            if (previous == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, previous);
            }
        }
    }
}
