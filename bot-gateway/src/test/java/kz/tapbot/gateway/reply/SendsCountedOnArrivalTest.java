package kz.tapbot.gateway.reply;

import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Telegram counts a send when it arrives, not when it left. The first three sends of a burst are held up on their
 * way for 80 ms each while the ones behind them arrive on time: sends spaced only as they leave (any 31 of them
 * 1,030 ms apart) then put 31 arrivals within 950 ms, and the stub refused the 31st. Each send now also waits until
 * the send 30 before it was answered more than a second ago.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class SendsCountedOnArrivalTest {

    private static final AtomicLong CHATS = new AtomicLong(8_000_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    OtherInstances instances;

    @Test
    void sendsHeldUpOnTheirWayDoNotPutTheBotOverItsLimit() throws Exception {
        Bot taxi = instances.taxiBot();
        int chats = 40;
        long first = CHATS.addAndGet(100) - 99;
        Predicate<Call> burst = c -> c.chatId() >= first && c.chatId() < first + chats;
        for (long chat = first; chat < first + 3; chat++) {
            TELEGRAM.delayNextSendOnTheWay(chat, Duration.ofMillis(80));
        }
        TelegramDispatcher dispatcher = instances.dispatcher();
        TELEGRAM.enforceTelegramLimits(true);
        try {
            List<CompletableFuture<Void>> deliveries = new ArrayList<>();
            // one dispatcher offers the bot's slots to the chats in the order their replies came: these three first
            for (long chat = first; chat < first + chats; chat++) {
                deliveries.add(dispatcher.enqueue(taxi, new BotReply("taxi", chat, "burst", null, null, null, null,
                        null, null)));
            }
            CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(chats, TELEGRAM.calls(burst.and(Call::delivered)).size());
            assertEquals(List.of(), TELEGRAM.calls(burst.and(c -> c.status() == 429)).stream()
                    .map(Call::chatId).toList(), "chats whose send the stub refused, enforcing 30 messages/s per bot");
        } finally {
            TELEGRAM.enforceTelegramLimits(false);
            dispatcher.stop(null);
        }
    }
}
