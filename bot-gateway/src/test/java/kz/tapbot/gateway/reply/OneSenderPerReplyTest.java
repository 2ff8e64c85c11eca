package kz.tapbot.gateway.reply;

import static kz.tapbot.gateway.GatewayTestResources.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import kz.tapbot.events.BotReply;
import kz.tapbot.gateway.GatewayTestResources;
import kz.tapbot.gateway.bot.Bot;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances holding the same reply, as after a rebalance: the instance that had the partition still has
 * the reply waiting for its chat's turn, while the instance that took the partition over reads it again from the
 * last committed offset. Each instance is wired as {@link RepliesConsumer} wires its own: its dispatcher, its
 * delivery record with its own claim, the reply marked delivered once sent.
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class OneSenderPerReplyTest {

    private static final AtomicLong CHATS = new AtomicLong(7_500_000_000L + System.currentTimeMillis() % 1_000_000);

    @Inject
    OtherInstances instances;

    @Inject
    ReactiveRedisDataSource redis;

    /** One gateway instance's sending side. */
    private final class Instance implements AutoCloseable {
        final TelegramDispatcher dispatcher = instances.dispatcher();
        final DeliveredReplies delivered = instances.deliveredReplies();

        CompletableFuture<Void> send(Bot bot, String replyId, BotReply reply) {
            return dispatcher.enqueue(bot, reply, delivered.claimFor(replyId))
                    .thenCompose(done -> delivered.markDelivered(replyId));
        }

        @Override
        public void close() {
            dispatcher.stop(null);
        }
    }

    private static BotReply text(long chat, String text) {
        return new BotReply("taxi", chat, text, null, null, null, null, null, null);
    }

    @Test
    void aReplyWaitingForItsChatsTurnOnOneInstanceIsNotSentWhenTheOtherDeliveredIt() throws Exception {
        Bot taxi = instances.taxiBot();
        long chat = CHATS.incrementAndGet();
        String replyId = UUID.randomUUID().toString();
        try (Instance before = new Instance(); Instance after = new Instance()) {
            // the first instance had just sent the chat an answer: its next one waits a second for the chat's turn
            before.send(taxi, UUID.randomUUID().toString(), text(chat, "earlier")).get(10, TimeUnit.SECONDS);
            CompletableFuture<Void> waiting = before.send(taxi, replyId, text(chat, "once"));
            // the partition moved: the other instance reads the same reply again and, a new lane, sends it at once
            CompletableFuture<Void> taken = after.send(taxi, replyId, text(chat, "once"));
            taken.get(10, TimeUnit.SECONDS);
            waiting.get(10, TimeUnit.SECONDS);
            after.send(taxi, UUID.randomUUID().toString(), text(chat, "later")).get(10, TimeUnit.SECONDS);
            assertEquals(List.of("earlier", "once", "later"), TELEGRAM.awaitCalls(c -> c.chatId() == chat
                    && c.delivered(), 3, Duration.ofSeconds(10)).stream().map(Call::text).toList());
        }
    }

    @Test
    void whileAnotherInstanceSendsAReplyTheChatWaitsAndThenGetsItOnce() throws Exception {
        Bot taxi = instances.taxiBot();
        long chat = CHATS.incrementAndGet();
        String replyId = UUID.randomUUID().toString();
        TELEGRAM.latency(Duration.ofMillis(1_500));
        try (Instance one = new Instance(); Instance two = new Instance()) {
            CompletableFuture<Void> first = one.send(taxi, replyId, text(chat, "once"));
            Thread.sleep(300);
            // the first instance's call is under way (the stub answers after 1.5 s) when the second one gets there
            CompletableFuture<Void> second = two.send(taxi, replyId, text(chat, "once"));
            CompletableFuture<Void> next = two.send(taxi, UUID.randomUUID().toString(), text(chat, "next"));
            CompletableFuture.allOf(first, second, next).get(20, TimeUnit.SECONDS);
        } finally {
            TELEGRAM.latency(Duration.ZERO);
        }
        assertEquals(List.of("once", "next"), TELEGRAM.calls(c -> c.chatId() == chat && c.delivered()).stream()
                .map(Call::text).toList());
    }

    @Test
    void aClaimLeftByAnInstanceThatDiedLapsesAndTheReplyIsSent() throws Exception {
        Bot taxi = instances.taxiBot();
        long chat = CHATS.incrementAndGet();
        String replyId = UUID.randomUUID().toString();
        // an instance claimed the reply, then was killed before its call
        redis.execute("SET", "tg:reply:" + replyId, "sending:killed-instance", "EX", "2").await().indefinitely();
        try (Instance survivor = new Instance()) {
            survivor.send(taxi, replyId, text(chat, "after the lapse")).get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of("after the lapse"), TELEGRAM.calls(c -> c.chatId() == chat && c.delivered()).stream()
                .map(Call::text).toList());
    }
}
