package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static kz.tapbot.system.TapBotSystem.TRACES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import kz.tapbot.testing.OtlpTraceReceiver.ReceivedSpan;
import org.junit.jupiter.api.Test;

/**
 * One webhook call is one trace: from the gateway's HTTP span through bot.updates, ai-service, bot.messages,
 * taxi-service (its PostgreSQL work and the outbox), bot.replies and back to the gateway's Bot API call, every span
 * connected to its parent, exported by each service process over OTLP to an in-memory receiver.
 */
class OneTracePerMessageTest {

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aWebhookCallYieldsOneConnectedTraceThroughEveryServiceItPassed() throws Exception {
        long chat = 610_000_000L + System.currentTimeMillis() % 100_000_000L;
        // the caller's own trace context, so that the test knows the trace id (Telegram sends none)
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpan = HexFormat.of().formatHex(randomBytes(8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(system.webhookGateway.url("/telegram/taxi/webhook")))
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", TapBotSystem.TAXI_SECRET)
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "/start",
                          "from": {"id": %d, "is_bot": false, "first_name": "Dana", "language_code": "ru"},
                          "chat": {"id": %d, "type": "private"}}}
                        """.formatted(chat, chat, chat)))
                .build();
        assertEquals(200, http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        TELEGRAM.awaitCalls(c -> c.method().equals("sendMessage") && c.chatId() == chat, 1, Duration.ofSeconds(60));

        TRACES.await(s -> s.traceId().equals(traceId) && s.name().equals("telegram sendMessage"), Duration.ofSeconds(30));
        TRACES.await(s -> s.traceId().equals(traceId) && s.service().equals("analytics-service"), Duration.ofSeconds(30));
        Thread.sleep(1_500); // the last batches of the other services
        List<ReceivedSpan> trace = TRACES.trace(traceId);
        System.out.println("[trace] one webhook call, " + trace.size() + " spans:\n" + TRACES.render(traceId));

        Set<String> services = trace.stream().map(ReceivedSpan::service).collect(Collectors.toSet());
        assertTrue(services.containsAll(Set.of("bot-gateway", "ai-service", "taxi-service", "analytics-service")),
                services.toString());
        Set<String> names = trace.stream().map(s -> s.service() + ": " + s.name()).collect(Collectors.toSet());
        for (String expected : List.of("bot-gateway: bot.updates publish", "ai-service: bot.messages publish",
                "taxi-service: bot.replies publish", "bot-gateway: telegram sendMessage")) {
            assertTrue(names.contains(expected), expected + " missing from " + names);
        }
        // the HTTP server span of the gateway is the root, a child of the caller's span
        ReceivedSpan root = trace.stream().filter(s -> s.parentSpanId().equals(callerSpan)).findFirst().orElseThrow();
        assertEquals("bot-gateway", root.service());
        assertEquals(2, root.kind(), "SERVER");
        // connected: every other span's parent is in the trace
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        List<String> orphans = trace.stream().filter(s -> s != root && !ids.contains(s.parentSpanId()))
                .map(s -> s.service() + ": " + s.name()).toList();
        assertTrue(orphans.isEmpty(), "spans whose parent is not in the trace: " + orphans);
        // PostgreSQL and Redis calls are spans of the trace too
        assertTrue(trace.stream().anyMatch(s -> "postgresql".equals(s.attributes().get("db.system"))
                || "postgresql".equals(s.attributes().get("db.system.name"))), names.toString());
        assertTrue(trace.stream().anyMatch(s -> "redis".equals(s.attributes().get("db.system"))
                || "redis".equals(s.attributes().get("db.system.name"))), names.toString());
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zeroes (an invalid id)
        return bytes;
    }
}
