package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/**
 * The Kafka broker killed (SIGKILL) a third of the way through a thousand taxi bookings and started again ten seconds
 * later on the same port and data: every booking is made exactly once, every message of every dialog reaches its
 * chat exactly once, and nothing is left in the outbox. Meanwhile the webhook answers 503 (Kafka cannot take the
 * update) and Telegram's side delivers again, as Telegram would; no service holds a Vert.x thread while it waits for
 * the broker (an event loop blocked by a Kafka send made the webhook time out instead of answering 503).
 */
class KafkaBrokerRestartTest {

    private static final int BOOKINGS = 1_000;

    private final FaultSystem system = FaultSystem.get();

    @Test
    void brokerKilledAndRestartedInTheMiddleOfAThousandBookingsLosesAndRepeatsNothing() throws Exception {
        TelegramSide telegram = new TelegramSide(system.telegram, system.webhookUrl(), FaultSystem.TAXI_SECRET);
        TaxiRush rush = new TaxiRush(system, telegram, TaxiRush.PAVLODAR_EKIBASTUZ, BOOKINGS);
        rush.prepare();

        rush.start(64);
        rush.awaitDone(BOOKINGS / 3);
        int doneAtKill = rush.done();
        long latecomer = 600_000_000L + System.nanoTime() % 1_000_000L;
        String hello = TelegramSide.message(latecomer, "Ерлан", "/start");
        Map<String, Long> logMarks = system.logMarks();
        Instant killed = Instant.now();
        system.kafka.kill();
        int whileDown;
        try {
            whileDown = telegram.post(hello);
            Thread.sleep(Math.max(0, 10_000 - Duration.between(killed, Instant.now()).toMillis()));
        } finally {
            system.kafka.restart();
        }
        Duration down = Duration.between(killed, Instant.now());
        // as Telegram does: the refused update again, until it is taken
        telegram.deliver(hello);
        telegram.awaitMessage(latecomer, 1, Duration.ofMinutes(3));
        Duration took = rush.awaitAll(Duration.ofMinutes(4));

        System.out.printf("[faults] Kafka broker SIGKILLed after %d of %d bookings, back %d s later; the rush took %d s%n",
                doneAtKill, BOOKINGS, down.toSeconds(), took.toSeconds());
        assertEquals(503, whileDown, "the webhook's answer while the broker is down");
        rush.assertEachBookedOnceAndToldOnce();
        assertEquals(Map.of(), system.blockedThreadsSince(logMarks),
                "Vert.x threads blocked while the broker was away (a Kafka send waiting for metadata on one)");
        assertEquals(List.of("sendMessage"), telegram.calls(latecomer).stream().map(Call::method).toList(),
                "the update refused while the broker was down, answered once");
    }
}
