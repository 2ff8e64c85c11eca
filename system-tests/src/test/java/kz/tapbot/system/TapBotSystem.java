package kz.tapbot.system;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.OtlpTraceReceiver;
import kz.tapbot.testing.TelegramBotApiStub;

/**
 * The system as the tests meet it, started once per test JVM: a real KRaft broker, the local
 * PostgreSQL (database tapbot_test) and Redis, the Bot API stub, and from the packaged jars
 * ai-service, taxi-service, apartment-service, analytics-service and two gateways: one where the taxi bot talks to "Telegram" (the stub)
 * by webhook, one where it runs in local mode behind the web chat.
 */
final class TapBotSystem {

    static final String TAXI_TOKEN = "7000001:system-test-token";
    static final String TAXI_SECRET = "system-test-secret";
    static final String APARTMENTS_TOKEN = "7000002:system-test-apartments-token";
    static final String APARTMENTS_SECRET = "system-test-apartments-secret";

    static final TelegramBotApiStub TELEGRAM = TelegramBotApiStub.start();
    /** Where every service exports its spans (OTLP/HTTP), as a collector would receive them. */
    static final OtlpTraceReceiver TRACES = OtlpTraceReceiver.start();
    private static TapBotSystem running;

    final ServiceProcess webhookGateway;
    final ServiceProcess localGateway;
    final ServiceProcess ai;
    final ServiceProcess taxi;
    final ServiceProcess apartments;
    final ServiceProcess analytics;
    /** What every service process gets (the broker, the database, tracing to {@link #TRACES}). */
    final Map<String, String> common = new HashMap<>();
    private final List<ServiceProcess> started = new ArrayList<>();
    /** What a gateway talking to the Bot API stub by webhook gets on top. */
    final Map<String, String> webhook;

    private TapBotSystem() {
        common.put("TAPBOT_KAFKA_BOOTSTRAP_SERVERS", KafkaTestBroker.bootstrapServers());
        common.put("TAPBOT_DB_URL", System.getenv().getOrDefault("TAPBOT_TEST_DB_URL",
                "jdbc:postgresql://127.0.0.1:5432/tapbot_test"));
        // a directory of this run's own for the embedded vector indexes: an index stays locked while a process
        // (even one left over from an aborted run) has it open
        common.put("TAPBOT_VECTOR_DATA_DIR", "target/vectors-" + java.util.UUID.randomUUID());
        common.put("TAPBOT_TRACING_DISABLED", "false");
        common.put("TAPBOT_OTLP_ENDPOINT", TRACES.endpoint());
        common.put("TAPBOT_OTLP_PROTOCOL", "http/protobuf");
        common.put("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        ai = start("ai-service", "ai-service", common);
        taxi = start("taxi-service", "taxi-service", common);
        apartments = start("apartment-service", "apartment-service", common);
        analytics = start("analytics-service", "analytics-service", common);

        webhook = new HashMap<>(common);
        webhook.put("TAPBOT_TELEGRAM_API_URL", TELEGRAM.baseUrl());
        webhook.put("TAPBOT_BOTS_TAXI_TOKEN", TAXI_TOKEN);
        webhook.put("TAPBOT_BOTS_TAXI_SECRET", TAXI_SECRET);
        webhook.put("TAPBOT_BOTS_TAXI_MODE", "webhook");
        webhook.put("TAPBOT_BOTS_APARTMENTS_TOKEN", APARTMENTS_TOKEN);
        webhook.put("TAPBOT_BOTS_APARTMENTS_SECRET", APARTMENTS_SECRET);
        webhook.put("TAPBOT_BOTS_APARTMENTS_MODE", "webhook");
        webhookGateway = start("bot-gateway-webhook", "bot-gateway", webhook);

        Map<String, String> local = new HashMap<>(common);
        // a second gateway reads every reply too, in its own consumer group
        local.put("MP_MESSAGING_INCOMING_BOT_REPLIES_GROUP_ID", "bot-gateway-local-chat");
        localGateway = start("bot-gateway-local", "bot-gateway", local);
    }

    /**
     * Starts one service; if it does not get ready, stops those this system already started before failing, so that a
     * later test's new system does not share the broker with them (a second ai-service in its consumer group would take
     * half of its partitions, with its own embedded vector indexes).
     */
    private ServiceProcess start(String name, String module, Map<String, String> env) {
        try {
            ServiceProcess service = ServiceProcess.start(name, module, env);
            started.add(service);
            return service;
        } catch (RuntimeException e) {
            started.forEach(ServiceProcess::close);
            throw e;
        }
    }

    static synchronized TapBotSystem get() {
        if (running == null) {
            running = new TapBotSystem();
            // the service processes are stopped by ServiceProcess's own hook, all at once
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                TELEGRAM.close();
                TRACES.close();
            }));
        }
        return running;
    }
}
