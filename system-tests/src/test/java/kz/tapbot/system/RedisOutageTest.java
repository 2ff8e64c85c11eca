package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        Map<String, Long> logMarks = system.logMarks();
        Instant stopped = Instant.now();
        system.redis.stop();
        String nextStep = TelegramSide.press(midway, "Айгуль", "city:Turkestan");
        // as Telegram does: the refused update again, about every second while Redis is down
        List<Integer> whileDown = new ArrayList<>();
        try {
            while (Duration.between(stopped, Instant.now()).toMillis() < 30_000) {
                whileDown.add(telegram.post(nextStep));
                Thread.sleep(1_000);
            }
        } finally {
            system.redis.start();
        }
        Duration down = Duration.between(stopped, Instant.now());
        assertEquals(Set.of(503), Set.copyOf(whileDown), "the webhook's answers while Redis is down: " + whileDown);
        telegram.deliver(nextStep);
        Call resumed = telegram.awaitMessage(midway, 3, Duration.ofSeconds(90));
        Duration took = rush.awaitAll(Duration.ofMinutes(4));

        System.out.printf("[faults] Redis stopped for %d s after %d of %d bookings; the webhook answered 503 to %d"
                        + " resends of one update and %d of the rush's updates; the rush took %d s%n", down.toSeconds(),
                doneAtStop, BOOKINGS, whileDown.size(), telegram.refused(503), took.toSeconds());
        assertTrue(resumed.text().startsWith("Когда?"), "the dialog goes on from its step: " + resumed.text());
        // the rush's users may all have been waiting for a reply while Redis was down: refusals, if any, are 503s
        assertTrue(Set.of(503).containsAll(telegram.refusals.keySet()), "the webhook's refusals: 503 only, was "
                + telegram.refusals.keySet());
        rush.assertEachBookedOnceAndToldOnce();
        assertEquals(Map.of(), system.blockedThreadsSince(logMarks), "Vert.x threads blocked while Redis was away");
        // each step answered once: /book, Shymkent, and Turkestan (refused with 503, then taken once)
        assertEquals(List.of("sendMessage", "answerCallbackQuery", "sendMessage", "answerCallbackQuery", "sendMessage"),
                telegram.calls(midway).stream().map(Call::method).toList(), TelegramSide.texts(telegram.calls(midway)).toString());
    }
}
