package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL crashing (pg_ctl stop -m immediate) under steady booking traffic and starting again fifteen seconds
 * later: every service using it reports not ready while it is down and ready again by itself once it is back, without
 * a restart; every message sent before, during and after got its answer, and nothing was done twice.
 */
class PostgresRestartTest {

    private static final int BOOKINGS = 240;

    private final FaultSystem system = FaultSystem.get();

    @Test
    void servicesReportNotReadyWhileDatabaseIsDownAndRecoverByThemselvesLosingNothing() throws Exception {
        TelegramSide telegram = new TelegramSide(system.telegram, system.webhookUrl(), FaultSystem.TAXI_SECRET);
        TaxiRush rush = new TaxiRush(system, telegram, TaxiRush.KARAGANDA_TEMIRTAU, BOOKINGS);
        rush.prepare();

        rush.start(16);
        rush.awaitDone(BOOKINGS / 3);
        int doneAtCrash = rush.done();
        Map<String, Long> logMarks = system.logMarks();
        Instant crashed = Instant.now();
        system.postgres.crash();
        Map<String, Integer> stillReady;
        Duration notReadyAfter;
        Instant restarted;
        try {
            stillReady = FaultSystem.awaitReadiness(system.services(), 503, Duration.ofSeconds(30));
            notReadyAfter = Duration.between(crashed, Instant.now());
            Thread.sleep(Math.max(0, 15_000 - notReadyAfter.toMillis()));
        } finally {
            system.postgres.restart();
            restarted = Instant.now();
        }
        assertEquals(Map.of(), stillReady, "services whose readiness did not answer 503 while PostgreSQL was down");
        assertEquals(Map.of(), FaultSystem.awaitReadiness(system.services(), 200, Duration.ofSeconds(90)),
                "services not ready again by themselves once PostgreSQL was back");
        Duration readyAfter = Duration.between(restarted, Instant.now());
        Duration took = rush.awaitAll(Duration.ofMinutes(4));

        System.out.printf("[faults] PostgreSQL crashed after %d of %d bookings: every service not ready within %d ms;"
                        + " back after %d s, every service ready again %d ms later; the rush took %d s%n", doneAtCrash,
                BOOKINGS, notReadyAfter.toMillis(), Duration.between(crashed, restarted).toSeconds(), readyAfter.toMillis(),
                took.toSeconds());
        rush.assertEachBookedOnceAndToldOnce();
        assertEquals(Map.of(), system.blockedThreadsSince(logMarks),
                "Vert.x threads blocked while PostgreSQL was away");
    }
}
