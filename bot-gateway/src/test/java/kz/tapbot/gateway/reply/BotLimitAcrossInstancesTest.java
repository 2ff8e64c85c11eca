package kz.tapbot.gateway.reply;

import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import kz.tapbot.events.BotReply;
import kz.tapbot.gateway.GatewayTestResources;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sending for the same bot: each one's dispatcher with its own limiter, both
 * sharing the window in Redis, as two pods do.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class BotLimitAcrossInstancesTest {

    private static final AtomicLong CHATS = new AtomicLong(7_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    OtherInstances instances;

    private static BotReply text(long chat, String text) {
        return new BotReply("taxi", chat, text, null, null, null, null, null, null);
    }

    @Test
    void twoInstancesSendingABurstForOneBotStayWithinItsLimitTogetherAndLoseNothing() throws Exception {
        Bot taxi = instances.taxiBot();
        long first = CHATS.addAndGet(100) - 99;
        Predicate<Call> burst = c -> c.chatId() >= first && c.chatId() < first + 80;
        TelegramDispatcher one = instances.dispatcher();
        TelegramDispatcher two = instances.dispatcher();
        TELEGRAM.enforceTelegramLimits(true);
        try {
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            for (long chat = first; chat < first + 80; chat++) {
                deliveries.add((chat % 2 == 0 ? one : two).enqueue(taxi, text(chat, "burst")));
            }
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(80, TELEGRAM.calls(burst.and(Call::delivered)).size());
            assertTrue(TELEGRAM.calls(burst.and(c -> c.status() == 429)).isEmpty(),
                    "the stub, enforcing 30 messages/s per bot, never had to refuse one of either instance's");
        } finally {
            TELEGRAM.enforceTelegramLimits(false);
            one.stop(null);
            two.stop(null);
        }
    }

    @Test
    void whileRedisIsDownRepliesWaitAndGoOutOnceItIsBack() throws Exception {
        Bot taxi = instances.taxiBot();
        long chat = CHATS.incrementAndGet();
        TelegramDispatcher instance = instances.dispatcher();
        try {
            GatewayTestResources.REDIS.stop();
            CompletableFuture<Void> delivery;
            try {
                delivery = instance.enqueue(taxi, text(chat, "after the outage"));
                Thread.sleep(1500);
                assertTrue(TELEGRAM.calls(c -> c.chatId() == chat).isEmpty(),
                        "nothing is sent while the shared limit cannot be checked");
            } finally {
                GatewayTestResources.REDIS.start();
            }
            delivery.get(20, TimeUnit.SECONDS);
            assertEquals(List.of("after the outage"), TELEGRAM.awaitCalls(c -> c.chatId() == chat && c.delivered(), 1,
                    Duration.ofSeconds(5)).stream().map(Call::text).toList());
        } finally {
            instance.stop(null);
        }
    }
}
