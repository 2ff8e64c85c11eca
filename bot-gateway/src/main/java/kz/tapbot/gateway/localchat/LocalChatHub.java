package kz.tapbot.gateway.localchat;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.BotRegistry;

/**
 * Stands in for Telegram's chat screen when a bot runs in local mode: keeps each web chat's recent
 * bot messages and pushes new ones (and edits) to the pages that watch that chat. A page may watch
 * another gateway instance than the one that consumed the reply: replies shown here are shared with
 * the other instances, and theirs shown here ({@link LocalChatFanout}).
 */
@ApplicationScoped
public class LocalChatHub {

    private static final int HISTORY = 100;

    /** What the page shows: a bot message (new or edited, maybe with a photo), or a toast answering a button press. */
    public record ChatEvent(String kind, long messageId, String text, List<List<BotReply.Button>> inlineKeyboard,
                            String contactRequest, String photo) {
    }

    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final BotRegistry bots;
    private final LocalChatFanout fanout;
    /** Message ids start at the clock (times 1000, like the web chat's update ids) so that instances do not reuse each other's. */
    private final AtomicLong messageIds;

    LocalChatHub(BotRegistry bots, LocalChatFanout fanout, Clock clock) {
        this.bots = bots;
        this.fanout = fanout;
        this.messageIds = new AtomicLong(clock.millis() * 1000);
    }

    void listenToOtherInstances(@Observes StartupEvent startup) {
        bots.all().stream().filter(Bot::isLocal).forEach(bot -> fanout.listen(bot.name(),
                shared -> show(shared.reply(), shared.messageId())));
    }

    public long nextMessageId() {
        return messageIds.incrementAndGet();
    }

    /** Shows the reply to the pages watching its chat here and shares it with the other instances. */
    public CompletableFuture<Void> deliver(BotReply reply) {
        boolean newMessage = reply.editMessageId() == null && (reply.text() != null || reply.photo() != null);
        long messageId = newMessage ? nextMessageId() : 0;
        show(reply, messageId);
        return fanout.publish(reply, messageId);
    }

    private void show(BotReply reply, long messageId) {
        Conversation conversation = conversation(reply.bot(), reply.chatId());
        if (reply.callbackText() != null) {
            conversation.publish(new ChatEvent("toast", 0, reply.callbackText(), null, null, null), false);
        }
        if (reply.text() != null || reply.photo() != null) {
            boolean edit = reply.editMessageId() != null;
            long id = edit ? reply.editMessageId() : messageId;
            conversation.publish(new ChatEvent(edit ? "edit" : "message", id, reply.text() == null ? "" : reply.text(),
                    reply.inlineKeyboard(), reply.contactRequest(), edit ? null : reply.photo()), true);
        }
    }

    /** The chat's recent messages, then every new one as it comes. */
    public Multi<ChatEvent> watch(String bot, long chatId) {
        Conversation conversation = conversation(bot, chatId);
        return Multi.createFrom().emitter(emitter -> conversation.attach(emitter));
    }

    private Conversation conversation(String bot, long chatId) {
        return conversations.computeIfAbsent(bot + ":" + chatId, key -> new Conversation());
    }

    private static final class Conversation {
        private final List<ChatEvent> history = new ArrayList<>();
        private final List<MultiEmitter<? super ChatEvent>> watchers = new CopyOnWriteArrayList<>();

        synchronized void attach(MultiEmitter<? super ChatEvent> emitter) {
            history.forEach(emitter::emit);
            watchers.add(emitter);
            emitter.onTermination(() -> watchers.remove(emitter));
        }

        synchronized void publish(ChatEvent event, boolean keep) {
            if (keep) {
                if (event.kind().equals("edit")) {
                    history.replaceAll(old -> old.messageId() == event.messageId()
                            ? new ChatEvent("message", old.messageId(), event.text(), event.inlineKeyboard(), null,
                                    old.photo())
                            : old);
                } else {
                    history.add(event);
                }
                if (history.size() > HISTORY) {
                    history.remove(0);
                }
            }
            watchers.forEach(watcher -> watcher.emit(event));
        }
    }
}
