package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/**
 * Redis stopped for 30 s under steady booking traffic: the webhook answers 503 meanwhile (Telegram delivers the update
 * again later), and once Redis is back every update is processed exactly once, every booking made once, every
 * message sent once; a chat that was in the middle of its dialog goes on from the step it had reached.
 */
class RedisOutageTest {

    private static final int BOOKINGS = 240;

    private final FaultSystem system = FaultSystem.get();

    @Test
    void webhookAnswers503WhileRedisIsDownThenEveryUpdateIsProcessedOnceAndDialogsResume() throws Exception {
        TelegramSide telegram = new TelegramSide(system.telegram, system.webhookUrl(), FaultSystem.TAXI_SECRET);
        TaxiRush rush = new TaxiRush(system, telegram, TaxiRush.SHYMKENT_TURKESTAN, BOOKINGS);
        rush.prepare();
        long midway = 600_000_000L + System.nanoTime() % 1_000_000L;
        telegram.deliver(TelegramSide.message(midway, "Айгуль", "/book"));
        assertEquals("Откуда едем? Выберите город или напишите его.",
                telegram.awaitMessage(midway, 1, Duration.ofSeconds(60)).text());
        telegram.deliver(TelegramSide.press(midway, "Айгуль", "city:Shymkent"));
        assertEquals("Куда едем?", telegram.awaitMessage(midway, 2, Duration.ofSeconds(60)).text());

        rush.start(16);
        rush.awaitDone(BOOKINGS / 3);
        int doneAtStop = rush.done();
        Instant stopped = Instant.now();
        system.redis.stop();
        String nextStep = TelegramSide.press(midway, "Айгуль", "city:Turkestan");
        int whileDown;
        try {
            whileDown = telegram.post(nextStep);
            Thread.sleep(Math.max(0, 30_000 - Duration.between(stopped, Instant.now()).toMillis()));
        } finally {
            system.redis.start();
        }
        Duration down = Duration.between(stopped, Instant.now());
        assertEquals(503, whileDown, "the webhook's answer while Redis is down");
        // as Telegram does: the refused update again, until it is taken
        telegram.deliver(nextStep);
        Call resumed = telegram.awaitMessage(midway, 3, Duration.ofSeconds(90));
        Duration took = rush.awaitAll(Duration.ofMinutes(4));

        System.out.printf("[faults] Redis stopped for %d s after %d of %d bookings; the webhook answered 503 %d times"
                        + " meanwhile; the rush took %d s%n", down.toSeconds(), doneAtStop, BOOKINGS, telegram.refused(503),
                took.toSeconds());
        assertTrue(resumed.text().startsWith("Когда?"), "the dialog goes on from its step: " + resumed.text());
        assertEquals(Set.of(503), telegram.refusals.keySet(), "the webhook's refusals: 503 only");
        rush.assertEachBookedOnceAndToldOnce();
        // each step answered once: /book, Shymkent, and Turkestan (refused with 503, then taken once)
        assertEquals(List.of("sendMessage", "answerCallbackQuery", "sendMessage", "answerCallbackQuery", "sendMessage"),
                telegram.calls(midway).stream().map(Call::method).toList(), TelegramSide.texts(telegram.calls(midway)).toString());
    }
}
