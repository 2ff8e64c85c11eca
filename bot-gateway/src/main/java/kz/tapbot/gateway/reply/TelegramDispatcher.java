package kz.tapbot.gateway.reply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import kz.tapbot.events.BotReply;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.gateway.bot.GatewayConfig;
import kz.tapbot.gateway.telegram.BotApiClient;
import kz.tapbot.gateway.telegram.BotApiException;
import kz.tapbot.gateway.user.UserDirectory;
import kz.tapbot.platform.logging.ChatLogContext;
import org.jboss.logging.Logger;

/**
 * Sends replies through the Bot API within Telegram's limits: one request in flight and at most
 * one message per {@code perChatInterval} per chat (so a chat's messages keep their order), at most
 * {@code maxMessagesPerSecond} messages per bot across all gateway instances ({@link BotRateLimiter}),
 * bursts queued rather than dropped. A 429 pauses the chat for retry_after; 5xx and network errors
 * back off exponentially; 403 marks the user as having
 * blocked the bot and is not retried; any other refusal, or refusals that last longer than
 * {@code giveUpAfter}, fail the reply (it goes to the DLQ). Before each call the reply's {@link SendClaim} is
 * taken, if it has one: while another instance sends the reply, the chat waits; once that one delivered it, the
 * reply is settled here without a call.
 */
@ApplicationScoped
public class TelegramDispatcher {

    private static final Logger LOG = Logger.getLogger(TelegramDispatcher.class);
    private static final int CAPACITY = 20_000;
    /** How soon a chat asks again for a reply whose claim another instance holds. */
    private static final long CLAIM_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** A claim taken longer ago than this (the part waited for a send slot) is renewed before the call. */
    private static final long CLAIM_FRESH_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final BotApiClient api;
    private final UserDirectory users;
    private final MeterRegistry metrics;
    private final BotRateLimiter botLimit;
    private final long perChatIntervalNanos;
    private final long maxBackoffNanos;
    private final long giveUpNanos;

    /**
     * The chats' queues in the order they are offered the bot's send slots: a lane that sent goes to the back, so
     * under a backlog every chat gets its turn (in hash order, the same chats took every slot and the others waited
     * for the end of the burst).
     */
    private final LinkedHashMap<String, Lane> lanes = new LinkedHashMap<>();
    private final List<CompletableFuture<Void>> capacityWaiters = new ArrayList<>();
    private int backlog;
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "telegram-dispatcher"));

    TelegramDispatcher(BotApiClient api, UserDirectory users, MeterRegistry metrics, GatewayConfig config,
                       BotRateLimiter botLimit) {
        this.api = api;
        this.users = users;
        this.metrics = metrics;
        this.botLimit = botLimit;
        this.perChatIntervalNanos = config.telegram().perChatInterval().toNanos();
        this.maxBackoffNanos = config.telegram().maxBackoff().toNanos();
        this.giveUpNanos = config.telegram().giveUpAfter().toNanos();
        pump.scheduleWithFixedDelay(this::dispatchReadySafely, 10, 10, TimeUnit.MILLISECONDS);
    }

    /** Queues a reply behind the chat's earlier ones; completes once every part was delivered. */
    public CompletableFuture<Void> enqueue(Bot bot, BotReply reply) {
        return enqueue(bot, reply, null);
    }

    /** As {@link #enqueue(Bot, BotReply)}, each part sent only while {@code claim} (if any) is this instance's. */
    CompletableFuture<Void> enqueue(Bot bot, BotReply reply, SendClaim claim) {
        List<Part> parts = toParts(bot, reply);
        Delivery delivery = new Delivery(parts.size(), claim);
        if (parts.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        synchronized (this) {
            lanes.computeIfAbsent(bot.name() + ":" + reply.chatId(), k -> new Lane()).queue.addAll(parts);
            parts.forEach(part -> part.delivery = delivery);
            backlog += parts.size();
        }
        pump.execute(this::dispatchReadySafely);
        return delivery.done;
    }

    /** Completes when fewer than the queue capacity of parts wait to be sent. */
    public synchronized CompletableFuture<Void> awaitCapacity() {
        if (backlog < CAPACITY) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> waiter = new CompletableFuture<>();
        capacityWaiters.add(waiter);
        return waiter;
    }

    /** Telegram's limit on a photo's caption; a longer text follows the photo as a message. */
    static final int CAPTION_LIMIT = 1024;

    private List<Part> toParts(Bot bot, BotReply reply) {
        List<Part> parts = new ArrayList<>();
        if (reply.callbackQueryId() != null) {
            ObjectNode params = api.params().put("callback_query_id", reply.callbackQueryId());
            if (reply.callbackText() != null) {
                params.put("text", reply.callbackText());
            }
            parts.add(new Part(bot, reply.chatId(), "answerCallbackQuery", params, false));
        }
        if (reply.photo() != null && reply.editMessageId() == null) {
            boolean captioned = reply.text() != null && reply.text().length() <= CAPTION_LIMIT;
            ObjectNode params = api.params().put("chat_id", reply.chatId()).put("photo", reply.photo());
            if (captioned) {
                params.put("caption", reply.text());
                ObjectNode markup = markup(reply, false);
                if (markup != null) {
                    params.set("reply_markup", markup);
                }
            }
            parts.add(new Part(bot, reply.chatId(), "sendPhoto", params, true));
            if (captioned) {
                return parts;
            }
        }
        if (reply.text() == null) {
            return parts;
        }
        List<String> texts = MessageSplitter.split(reply.text(), MessageSplitter.TELEGRAM_LIMIT);
        for (int i = 0; i < texts.size(); i++) {
            boolean edit = i == 0 && reply.editMessageId() != null;
            ObjectNode params = api.params().put("chat_id", reply.chatId()).put("text", texts.get(i));
            if (edit) {
                params.put("message_id", reply.editMessageId());
            }
            if (i == texts.size() - 1) {
                ObjectNode markup = markup(reply, edit);
                if (markup != null) {
                    params.set("reply_markup", markup);
                }
            }
            parts.add(new Part(bot, reply.chatId(), edit ? "editMessageText" : "sendMessage", params, true));
        }
        return parts;
    }

    private ObjectNode markup(BotReply reply, boolean edit) {
        if (reply.contactRequest() != null && !edit) {
            ObjectNode markup = api.params().put("one_time_keyboard", true).put("resize_keyboard", true);
            markup.putArray("keyboard").addArray().addObject()
                    .put("text", reply.contactRequest()).put("request_contact", true);
            return markup;
        }
        if (reply.inlineKeyboard() == null || reply.inlineKeyboard().isEmpty()) {
            return null;
        }
        ObjectNode markup = api.params();
        ArrayNode rows = markup.putArray("inline_keyboard");
        for (List<BotReply.Button> row : reply.inlineKeyboard()) {
            ArrayNode buttons = rows.addArray();
            row.forEach(button -> buttons.addObject().put("text", button.text())
                    .put("callback_data", button.callbackData()));
        }
        return markup;
    }

    /** A periodic task that throws is never run again: whatever goes wrong, the pump keeps pumping. */
    private void dispatchReadySafely() {
        try {
            dispatchReady();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "dispatching replies failed");
        }
    }

    private synchronized void dispatchReady() {
        long now = System.nanoTime();
        Map<String, Integer> waitingForSlots = new HashMap<>();
        List<Map.Entry<String, Lane>> served = new ArrayList<>();
        Iterator<Map.Entry<String, Lane>> it = lanes.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Lane> entry = it.next();
            Lane lane = entry.getValue();
            if (lane.inFlight || now - lane.notBefore < 0) {
                continue;
            }
            Part next = lane.queue.peekFirst();
            if (next == null) {
                it.remove();
                continue;
            }
            if (next.delivery.claim != null && (!next.claimed || now - next.claimedAt > CLAIM_FRESH_NANOS)) {
                lane.inFlight = true;
                takeClaim(next.delivery.claim).whenComplete((outcome, error) -> onClaim(lane, next,
                        error == null ? outcome : SendClaim.Outcome.MINE));
                continue;
            }
            // a bot that had no slot for one lane has none for the others in this pass (the same now): they are counted
            BotRateLimiter.Send send = next.isMessage && !waitingForSlots.containsKey(next.bot.name())
                    ? botLimit.tryTake(next.bot.name(), now) : null;
            if (next.isMessage && send == null) {
                waitingForSlots.merge(next.bot.name(), 1, Integer::sum);
                continue;
            }
            lane.inFlight = true;
            served.add(entry);
            // sent from the pump's thread, in the trace of the reply it belongs to
            try (Scope trace = next.trace.makeCurrent()) {
                api.call(next.bot, next.method, next.params).whenComplete((result, error) -> {
                    if (send != null) {
                        botLimit.answered(send, System.nanoTime());
                    }
                    try (ChatLogContext.Scope chat = ChatLogContext.of(next.bot.name(), next.chatId)) {
                        onResult(lane, next, error);
                    }
                });
            }
        }
        for (Map.Entry<String, Lane> entry : served) {
            lanes.remove(entry.getKey());
            lanes.put(entry.getKey(), entry.getValue());
        }
        waitingForSlots.forEach((bot, waiting) -> {
            botLimit.ask(bot, waiting, now, this::wakeUpIn);
            long held = botLimit.holdNanos(bot, now);
            // held until an answer: onResult dispatches again when it comes
            if (held > 0 && held != BotRateLimiter.UNTIL_ANSWERED) {
                wakeUpIn(held);
            }
        });
    }

    /** Dispatches again when a send slot reserved for a bot comes. */
    private void wakeUpIn(long nanos) {
        pump.schedule(this::dispatchReadySafely, nanos, TimeUnit.NANOSECONDS);
    }

    /** The claim's answer; one that cannot be asked fails (and the part is sent: a repeat rather than a loss). */
    private static CompletionStage<SendClaim.Outcome> takeClaim(SendClaim claim) {
        try {
            return claim.take();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void onClaim(Lane lane, Part part, SendClaim.Outcome outcome) {
        synchronized (this) {
            lane.inFlight = false;
            switch (outcome) {
                case MINE -> {
                    part.claimed = true;
                    part.claimedAt = System.nanoTime();
                }
                case HELD_ELSEWHERE -> lane.notBefore = System.nanoTime() + CLAIM_RETRY_NANOS;
                case DELIVERED -> {
                    // the reply's parts are at the head of the lane: none of them is sent from here
                    while (lane.queue.peekFirst() != null && lane.queue.peekFirst().delivery == part.delivery) {
                        finish(lane, lane.queue.peekFirst(), null);
                    }
                }
            }
        }
        pump.execute(this::dispatchReadySafely);
    }

    private void onResult(Lane lane, Part part, Throwable error) {
        BotApiException failure = error == null ? null : asBotApiException(error);
        boolean blocked = false;
        synchronized (this) {
            lane.inFlight = false;
            // a retry takes the claim again: it renews it, or finds another instance took over a lapsed one
            part.claimed = false;
            long now = System.nanoTime();
            if (failure != null && part.failingSince == 0) {
                part.failingSince = now;
            }
            if (failure == null) {
                lane.failures = 0;
                if (part.isMessage) {
                    lane.notBefore = now + perChatIntervalNanos;
                }
                finish(lane, part, null);
            } else if (failure.isTransient() && part.failingSince != 0 && now - part.failingSince > giveUpNanos) {
                finish(lane, part, failure);
            } else if (failure.isFloodWait()) {
                long wait = failure.retryAfter().orElse(Duration.ofSeconds(1)).toNanos();
                lane.notBefore = now + wait;
                metrics.counter("tapbot_telegram_errors_total", "bot", part.bot.name(), "code", "429").increment();
            } else if (failure.isTransient()) {
                lane.failures++;
                long backoff = Math.min(maxBackoffNanos,
                        TimeUnit.MILLISECONDS.toNanos(250L << Math.min(lane.failures, 10)));
                lane.notBefore = now + backoff;
                metrics.counter("tapbot_telegram_errors_total", "bot", part.bot.name(),
                        "code", String.valueOf(failure.errorCode())).increment();
            } else if (failure.isBlockedByUser() || !part.isMessage) {
                // 403: the user blocked the bot; a stale callback answer is not worth a DLQ record
                blocked = failure.isBlockedByUser();
                finish(lane, part, null);
            } else {
                finish(lane, part, failure);
            }
        }
        if (blocked) {
            metrics.counter("tapbot_telegram_errors_total", "bot", part.bot.name(), "code", "403").increment();
            try {
                users.markBlocked(part.bot.name(), part.chatId);
            } catch (RuntimeException e) {
                LOG.warnf("could not record that a %s user blocked the bot: %s", part.bot.name(), e.getMessage());
            }
        }
        pump.execute(this::dispatchReadySafely);
    }

    /** Removes the part from its lane and settles its reply; runs under the lock. */
    private void finish(Lane lane, Part part, BotApiException failure) {
        lane.queue.pollFirst();
        backlog--;
        if (failure != null) {
            part.delivery.failure = failure;
        }
        if (--part.delivery.remaining == 0) {
            if (part.delivery.failure != null) {
                part.delivery.done.completeExceptionally(
                        new UndeliverableReplyException(part.delivery.failure.getMessage()));
            } else {
                part.delivery.done.complete(null);
            }
        }
        if (backlog < CAPACITY / 2 && !capacityWaiters.isEmpty()) {
            capacityWaiters.forEach(waiter -> waiter.complete(null));
            capacityWaiters.clear();
        }
    }

    private static BotApiException asBotApiException(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof BotApiException e ? e : new BotApiException(0, cause.toString(), null);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        pump.shutdownNow();
    }

    private static final class Part {
        final Bot bot;
        final long chatId;
        final String method;
        final ObjectNode params;
        final boolean isMessage;
        /** The trace of the reply this part belongs to (captured when it is queued). */
        final Context trace = Context.current();
        Delivery delivery;
        long failingSince;
        /** Whether this instance holds the reply's claim for the part's next call, and since when. */
        boolean claimed;
        long claimedAt;

        Part(Bot bot, long chatId, String method, ObjectNode params, boolean isMessage) {
            this.bot = bot;
            this.chatId = chatId;
            this.method = method;
            this.params = params;
            this.isMessage = isMessage;
        }
    }

    private static final class Delivery {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final SendClaim claim;
        int remaining;
        BotApiException failure;

        Delivery(int parts, SendClaim claim) {
            this.remaining = parts;
            this.claim = claim;
        }
    }

    private static final class Lane {
        final Deque<Part> queue = new ArrayDeque<>();
        long notBefore = System.nanoTime();
        boolean inFlight;
        int failures;
    }
}
