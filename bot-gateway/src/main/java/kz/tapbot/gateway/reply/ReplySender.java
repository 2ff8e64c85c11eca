package kz.tapbot.gateway.reply;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import kz.tapbot.events.BotReply;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;
import kz.tapbot.gateway.localchat.LocalChatHub;
import kz.tapbot.platform.messaging.MalformedEventException;

/** Delivers a reply where its bot lives: the Telegram Bot API, or the local web chat. */
@ApplicationScoped
public class ReplySender {

    private final BotRegistry bots;
    private final TelegramDispatcher telegram;
    private final LocalChatHub localChat;

    ReplySender(BotRegistry bots, TelegramDispatcher telegram, LocalChatHub localChat) {
        this.bots = bots;
        this.telegram = telegram;
        this.localChat = localChat;
    }

    /** Completes once delivered (or refused for good by the user blocking the bot). */
    public CompletableFuture<Void> send(BotReply reply) {
        return send(reply, null);
    }

    /**
     * As {@link #send(BotReply)}, each Bot API call made only while this instance holds the reply's claim (none:
     * a reply that exists only in this instance, such as the gateway's own answers).
     */
    CompletableFuture<Void> send(BotReply reply, SendClaim claim) {
        Bot bot = bots.find(reply.bot()).orElse(null);
        if (bot == null) {
            return CompletableFuture.failedFuture(new MalformedEventException("unknown bot '" + reply.bot() + "'"));
        }
        if (bot.isLocal()) {
            return localChat.deliver(reply);
        }
        return telegram.enqueue(bot, reply, claim);
    }

    /** Replies of a local-mode bot go to the web chat, which keeps no delivery record. */
    public boolean isLocal(String botName) {
        return bots.find(botName).map(Bot::isLocal).orElse(false);
    }

    /** Completes when the Telegram queues have room for more replies. */
    public CompletableFuture<Void> awaitCapacity() {
        return telegram.awaitCapacity();
    }
}
