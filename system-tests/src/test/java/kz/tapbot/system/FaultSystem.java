package kz.tapbot.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import kz.tapbot.testing.RedisServerProcess;
import kz.tapbot.testing.TelegramBotApiStub;

/**
 * The system on infrastructure of its own, for the fault tests, started once per test JVM: a Kafka broker in a
 * separate JVM, a PostgreSQL cluster and a redis-server (append-only, like production's), each on a free loopback
 * port, so that a test may kill and restart any of them without disturbing the machine's shared PostgreSQL and Redis
 * or the in-process broker of the other system tests. On them, from the packaged jars: bot-gateway (the taxi bot by
 * webhook, talking to a Bot API stub of its own), ai-service and taxi-service.
 */
final class FaultSystem {

    static final String TAXI_TOKEN = "7000031:fault-test-token";
    static final String TAXI_SECRET = "fault-test-secret";
    static final String ADMIN_TOKEN = "tapbot-local-admin";

    private static FaultSystem running;

    final TelegramBotApiStub telegram = TelegramBotApiStub.start();
    final RedisServerProcess redis = new RedisServerProcess(true);
    final KafkaBrokerProcess kafka;
    final PostgresProcess postgres;
    final ServiceProcess gateway;
    final ServiceProcess ai;
    final ServiceProcess taxi;

    private FaultSystem() {
        redis.start();
        CompletableFuture<KafkaBrokerProcess> broker = CompletableFuture.supplyAsync(KafkaBrokerProcess::start);
        try {
            postgres = PostgresProcess.start();
        } catch (RuntimeException e) {
            broker.thenAccept(KafkaBrokerProcess::close);
            throw e;
        }
        kafka = broker.join();

        Map<String, String> common = new HashMap<>();
        common.put("TAPBOT_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        common.put("TAPBOT_DB_URL", postgres.jdbcUrl());
        common.put("TAPBOT_REDIS_URL", redis.uri());
        common.put("TAPBOT_VECTOR_DATA_DIR", "target/vectors-faults-" + UUID.randomUUID());
        common.put("TAPBOT_TRACING_DISABLED", "true");
        common.put("TAPBOT_ADMIN_TOKEN", ADMIN_TOKEN);
        Map<String, String> webhook = new HashMap<>(common);
        webhook.put("TAPBOT_TELEGRAM_API_URL", telegram.baseUrl());
        webhook.put("TAPBOT_BOTS_TAXI_TOKEN", TAXI_TOKEN);
        webhook.put("TAPBOT_BOTS_TAXI_SECRET", TAXI_SECRET);
        webhook.put("TAPBOT_BOTS_TAXI_MODE", "webhook");
        // a rush of a thousand bookings in a few minutes: Telegram's 30 messages/s per bot would make it a quarter
        // of an hour (the limit itself is proven elsewhere); 1 message/s per chat stays
        webhook.put("TAPBOT_TELEGRAM_MAX_MESSAGES_PER_SECOND", "400");
        CompletableFuture<ServiceProcess> gatewayStarting = CompletableFuture.supplyAsync(
                () -> ServiceProcess.start("faults-bot-gateway", "bot-gateway", webhook));
        CompletableFuture<ServiceProcess> aiStarting = CompletableFuture.supplyAsync(
                () -> ServiceProcess.start("faults-ai-service", "ai-service", common));
        CompletableFuture<ServiceProcess> taxiStarting = CompletableFuture.supplyAsync(
                () -> ServiceProcess.start("faults-taxi-service", "taxi-service", common));
        try {
            CompletableFuture.allOf(gatewayStarting, aiStarting, taxiStarting).join();
        } catch (RuntimeException e) {
            // no process of ours may outlive a failed start
            List.of(gatewayStarting, aiStarting, taxiStarting).forEach(s -> s.thenAccept(ServiceProcess::close));
            stopInfrastructure();
            throw e;
        }
        gateway = gatewayStarting.join();
        ai = aiStarting.join();
        taxi = taxiStarting.join();
    }

    static synchronized FaultSystem get() {
        if (running == null) {
            running = new FaultSystem();
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        }
        return running;
    }

    /** The services that keep state in PostgreSQL (all three), by name: their readiness follows it. */
    Map<String, ServiceProcess> services() {
        return Map.of("bot-gateway", gateway, "ai-service", ai, "taxi-service", taxi);
    }

    /** Where each service's log ends now, by name: {@link #blockedThreadsSince} reads what comes after. */
    Map<String, Long> logMarks() {
        Map<String, Long> marks = new TreeMap<>();
        services().forEach((name, service) -> marks.put(name, service.logMark()));
        return marks;
    }

    /**
     * Vert.x's blocked-thread warnings (an event loop held over 2 s, a worker over 60 s) each service logged after
     * its mark, the first three of each: a service waiting for a broken dependency on such a thread stops answering
     * everything else that thread serves.
     */
    Map<String, List<String>> blockedThreadsSince(Map<String, Long> marks) {
        Map<String, List<String>> blocked = new TreeMap<>();
        marks.forEach((name, mark) -> {
            List<String> warnings = services().get(name).loggedSince(mark).stream()
                    .filter(line -> line.contains("has been blocked for")).limit(3).toList();
            if (!warnings.isEmpty()) {
                blocked.put(name, warnings);
            }
        });
        return blocked;
    }

    String webhookUrl() {
        return gateway.url("/telegram/taxi/webhook");
    }

    /** The HTTP status of a service's readiness now (0 when it does not answer). */
    static int readiness(ServiceProcess service) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.url("/q/health/ready")))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /**
     * Waits until every service answers readiness with {@code status}; returns those that did not within the timeout,
     * with the status they answered last.
     */
    static Map<String, Integer> awaitReadiness(Map<String, ServiceProcess> services, int status, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Integer> lagging = new HashMap<>();
        services.forEach((name, service) -> {
            int answered;
            while ((answered = readiness(service)) != status && Instant.now().isBefore(deadline)) {
                pause(250);
            }
            if (answered != status) {
                lagging.put(name, answered);
            }
        });
        return lagging;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Quickly, all at once: surefire gives a test JVM 30 s to exit once its tests are done. */
    private void close() {
        List<CompletableFuture<Void>> stopping = List.of(CompletableFuture.runAsync(gateway::close),
                CompletableFuture.runAsync(taxi::close), CompletableFuture.runAsync(ai::close));
        stopping.forEach(CompletableFuture::join);
        stopInfrastructure();
    }

    private void stopInfrastructure() {
        kafka.close();
        postgres.close();
        redis.stop();
        telegram.close();
    }
}
