package kz.tapbot.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.RedisServerProcess;
import kz.tapbot.testing.TelegramBotApiStub;

/**
 * The gateway's real surroundings in tests: the in-process Kafka broker, a private redis-server
 * (so a test can stop and restart it), and the Bot API stub in Telegram's place. The bots are set
 * in application.properties (%test): taxi in webhook mode against the stub; apartments has no
 * token, so it runs in local mode. The stub and redis-server live as long as the test JVM.
 */
public class GatewayTestResources implements QuarkusTestResourceLifecycleManager {

    public static final String TAXI_TOKEN = "123456:taxi-test-token";
    public static final String TAXI_SECRET = "taxi-webhook-secret";
    public static final String APARTMENTS_TOKEN = "654321:apartments-test-token";
    public static final int FLOOD_BURST = 5;

    public static final RedisServerProcess REDIS = new RedisServerProcess();
    public static final TelegramBotApiStub TELEGRAM = TelegramBotApiStub.start();

    @Override
    public Map<String, String> start() {
        REDIS.start();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", KafkaTestBroker.bootstrapServers());
        config.put("quarkus.redis.hosts", REDIS.uri());
        config.put("tapbot.telegram.api-url", TELEGRAM.baseUrl());
        config.put("tapbot.flood.burst", String.valueOf(FLOOD_BURST));
        config.put("tapbot.flood.per-minute", "5");
        config.put("tapbot.telegram.give-up-after", "4s");
        config.put("tapbot.telegram.request-timeout", "4s");
        return config;
    }

    @Override
    public void stop() {
        // kept for the next test profile's application; both end with the JVM
        TELEGRAM.reset();
    }
}
