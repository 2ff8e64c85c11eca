package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.junit.jupiter.api.Test;

/**
 * After real traffic (a taxi dialog with a question in the middle, an apartment search and booking, a
 * /nlu/parse call and an update Telegram delivered twice) every service exports on /q/metrics the metrics
 * the dashboards and alert rules read, with samples where the traffic went.
 */
class MetricsAfterTrafficTest {

    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd.MM");
    private static final List<String> EVERY_SERVICE = List.of("http_server_requests_seconds_bucket{",
            "tapbot_kafka_consumer_lag{", "tapbot_dlq_end_offset{", "quarkus_messaging_message_count_total{",
            "quarkus_messaging_message_acks_total{", "quarkus_messaging_message_failures_total{",
            "quarkus_messaging_message_duration_seconds_bucket{");

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final long passenger = 860_000_000L + System.currentTimeMillis() % 100_000_000L;
    private final long asker = passenger + 1;
    private final long guest = passenger + 2;
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Almaty"));

    @Test
    void everyServiceExportsItsOperatorMetricsAfterTraffic() throws Exception {
        bookARideAndAskAQuestion();
        searchAndBookAnApartment();
        String parsed = send(HttpRequest.newBuilder(URI.create(system.ai.url("/nlu/parse")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"такси из Караганды в Астану завтра\"}")), 200);
        assertEquals("taxi.book", json.readTree(parsed).path("intent").asText(), parsed);
        deliverTheSameUpdateTwice();
        send(HttpRequest.newBuilder(URI.create(system.taxi.url("/api/bookings?telegramId=" + passenger)))
                .header("Authorization", "Bearer tapbot-local-admin").GET(), 200);
        send(HttpRequest.newBuilder(URI.create(system.analytics.url("/api/stats/overview")))
                .header("Authorization", "Bearer tapbot-local-admin").GET(), 200);

        // the lag job runs every 15 s: every group that read something shows a lag
        String gateway = awaitSeries(system.webhookGateway, "tapbot_kafka_consumer_lag{group=\"bot-gateway\"",
                "topic=\"bot.replies\"");
        String localGateway = awaitSeries(system.localGateway, "tapbot_kafka_consumer_lag{group=\"bot-gateway-local-chat\"",
                "topic=\"bot.replies\"");
        String ai = awaitSeries(system.ai, "tapbot_kafka_consumer_lag{group=\"ai-service\"", "topic=\"bot.updates\"");
        String taxi = awaitSeries(system.taxi, "tapbot_kafka_consumer_lag{group=\"taxi-service\"", "topic=\"bot.messages\"");
        String apartments = awaitSeries(system.apartments, "tapbot_kafka_consumer_lag{group=\"apartment-service\"",
                "topic=\"bot.messages\"");
        String analytics = awaitSeries(system.analytics, "tapbot_kafka_consumer_lag{group=\"analytics-service\"",
                "topic=\"bot.updates\"");
        // (the local-chat gateway served no HTTP request: it shows its own group's lag above)
        Map<String, String> scraped = Map.of("bot-gateway", gateway, "ai-service", ai, "taxi-service", taxi,
                "apartment-service", apartments, "analytics-service", analytics);
        scraped.forEach((service, metrics) -> {
            List<String> missing = new ArrayList<>();
            EVERY_SERVICE.stream().filter(name -> !metrics.contains(name)).forEach(missing::add);
            assertTrue(missing.isEmpty(), service + " misses " + missing);
        });
        assertTrue(localGateway.contains("quarkus_messaging_message_acks_total{channel=\"bot-replies\"}"));

        assertTrue(sum(gateway, "tapbot_gateway_duplicate_updates_total{", "bot=\"taxi\"") >= 1, "the repeat was counted");
        assertTrue(sum(gateway, "tapbot_gateway_updates_total{", "outcome=\"published\"") >= 1);
        assertTrue(sum(gateway, "tapbot_telegram_send_seconds_count{", "method=\"sendMessage\"") >= 1);
        assertTrue(gateway.contains("tapbot_telegram_send_seconds_bucket{"), "Bot API latency has buckets");
        assertTrue(sum(gateway, "tapbot_telegram_responses_total{", "method=\"sendMessage\"", "status=\"200\"") >= 1);
        assertTrue(sum(gateway, "http_server_requests_seconds_count{", "uri=\"/telegram/{bot}/webhook\"") >= 1
                || sum(gateway, "http_server_requests_seconds_count{", "webhook") >= 1, "webhook requests are timed");
        assertTrue(gateway.contains("tapbot_dlq_end_offset{topic=\"bot.replies.dlq\"}"));
        assertTrue(sum(gateway, "quarkus_messaging_message_acks_total{", "channel=\"bot-replies\"") >= 1);

        assertTrue(sum(ai, "tapbot_nlu_parse_seconds_count") >= 2, "/nlu/parse and the updates were parsed");
        assertTrue(ai.contains("tapbot_nlu_parse_seconds_bucket{"));
        assertTrue(sum(ai, "tapbot_vector_search_seconds_count{", "collection=\"faq\"") >= 1, "the question searched the FAQ");
        for (String operation : List.of("chat", "extraction", "embedding")) {
            assertTrue(ai.contains("tapbot_openai_request_seconds_count{operation=\"" + operation + "\"}"), operation);
            assertTrue(ai.contains("tapbot_openai_tokens_total{kind=\"prompt\",operation=\"" + operation + "\"}"), operation);
            assertTrue(ai.contains("tapbot_openai_tokens_total{kind=\"completion\",operation=\"" + operation + "\"}"), operation);
        }
        assertTrue(ai.contains("tapbot_openai_request_seconds_bucket{"), "OpenAI latency has buckets");
        assertTrue(ai.contains("tapbot_openai_cache_requests_total{result=\"hit\"}"));
        assertTrue(ai.contains("tapbot_openai_cache_requests_total{result=\"miss\"}"));
        for (String dlq : List.of("bot.updates.dlq", "bot.replies.dlq", "ai.requests.dlq")) {
            assertTrue(ai.contains("tapbot_dlq_end_offset{topic=\"" + dlq + "\"}"), dlq);
        }
        // bot-updates runs with concurrency: its copies are the channels bot-updates$1, $2, ...
        assertTrue(sum(ai, "quarkus_messaging_message_acks_total{", "channel=\"bot-updates") >= 1);

        assertTrue(sum(taxi, "tapbot_bookings_total{", "service=\"taxi\"", "status=\"requested\"") >= 1);
        assertTrue(taxi.contains("tapbot_outbox_backlog "), "the relay measures its backlog");
        assertTrue(taxi.contains("tapbot_outbox_oldest_age_seconds "));
        assertTrue(sum(taxi, "quarkus_messaging_message_acks_total{", "channel=\"bot-messages$") >= 1);
        assertTrue(taxi.contains("tapbot_dlq_end_offset{topic=\"bot.messages.dlq\"}"));

        assertTrue(sum(apartments, "tapbot_bookings_total{", "service=\"apartments\"", "status=\"confirmed\"") >= 1);
        assertTrue(sum(apartments, "tapbot_vector_search_seconds_count{", "collection=\"apartments\"") >= 1);
        assertTrue(apartments.contains("tapbot_vector_search_seconds_bucket{"));
        assertTrue(apartments.contains("tapbot_outbox_backlog "));
        assertTrue(apartments.contains("tapbot_outbox_oldest_age_seconds "));

        assertTrue(sum(analytics, "bookings_total{", "service=\"taxi\"") >= 1, "analytics' own counters stay");
        assertTrue(analytics.contains("reply_latency_seconds_bucket{"));
        for (String dlq : List.of("bot.updates.dlq", "bot.replies.dlq", "taxi.bookings.dlq", "apartment.bookings.dlq",
                "ai.requests.dlq")) {
            assertTrue(analytics.contains("tapbot_dlq_end_offset{topic=\"" + dlq + "\"}"), dlq);
        }
    }

    private void bookARideAndAskAQuestion() throws Exception {
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"),
                TapBotSystem.TAXI_SECRET, Map.of(passenger, "Бекзат", asker, "Ерболат"));
        LocalDate day = today.plusDays(ThreadLocalRandom.current().nextInt(10, 50));
        Call askPhone = taxi.write(passenger, "нужно такси из Павлодара в Экибастуз " + DAY_MONTH.format(day) + ", нас трое");
        assertTrue(askPhone.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean(), askPhone.toString());
        taxi.shareContact(passenger, "87017778899");
        taxi.press(passenger, "confirm");
        TapBotSystem.TELEGRAM.awaitCalls(c -> c.chatId() == passenger && c.delivered() && c.text() != null
                && c.text().contains("Павлодар"), 1, Duration.ofSeconds(30));

        taxi.write(asker, "/book");
        taxi.press(asker, "city:Almaty");
        taxi.press(asker, "city:Astana");
        Call answer = taxi.write(asker, "а можно ли с собакой?");
        assertTrue(answer.text().toLowerCase().contains("можно с животными"), answer.text());
    }

    private void searchAndBookAnApartment() throws Exception {
        String url = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
        try (Connection c = DriverManager.getConnection(url, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = 'Oral'");
        }
        String listing = """
                [{"externalId": "metrics-%s", "title": "Двушка у набережной", "city": "Oral", "district": "Центр",
                  "address": "Достык 7", "lat": 51.23, "lon": 51.37, "rooms": 2, "maxGuests": 3, "pricePerNight": 15000,
                  "amenities": ["balcony"], "description": "Тихая квартира с балконом", "instantBook": true,
                  "photos": []}]
                """.formatted(UUID.randomUUID());
        String imported = send(HttpRequest.newBuilder(URI.create(system.apartments.url("/api/listings/import")))
                .header("Authorization", "Bearer tapbot-local-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(listing)), 200);
        String listingId = json.readTree(imported).at("/ids/0").asText();

        TelegramChats apartments = new TelegramChats(system.webhookGateway.url("/telegram/apartments/webhook"),
                TapBotSystem.APARTMENTS_SECRET, Map.of(guest, "Жанар"));
        LocalDate checkIn = today.plusDays(ThreadLocalRandom.current().nextInt(60, 300));
        Call card = apartments.write(guest, "квартира в Уральске с " + DAY_MONTH.format(checkIn) + " по "
                + DAY_MONTH.format(checkIn.plusDays(2)) + " на двоих до 20 тыс, тихо, с балконом");
        assertEquals("book:" + listingId, TelegramChats.callbackData(card, "book:"), TelegramChats.words(card));
        apartments.press(guest, "book:" + listingId);
        Call booked = apartments.press(guest, "bookok");
        assertTrue(booked.text().startsWith("🎉 Бронь подтверждена"), booked.text());
    }

    /** Telegram delivers an update again when it missed the 200: the second is answered and dropped. */
    private void deliverTheSameUpdateTwice() throws Exception {
        long updateId = System.currentTimeMillis() * 100 + 77;
        String update = """
                {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "/help",
                  "from": {"id": %d, "is_bot": false, "first_name": "Бекзат", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"}}}
                """.formatted(updateId, passenger, passenger);
        String outcome = "";
        for (int delivery = 0; delivery < 2; delivery++) {
            outcome = send(HttpRequest.newBuilder(URI.create(system.webhookGateway.url("/telegram/taxi/webhook")))
                    .header("Content-Type", "application/json")
                    .header("X-Telegram-Bot-Api-Secret-Token", TapBotSystem.TAXI_SECRET)
                    .POST(HttpRequest.BodyPublishers.ofString(update)), 200);
        }
        assertTrue(outcome.contains("duplicate"), outcome);
    }

    private String send(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), response.body());
        return response.body();
    }

    /** The service's /q/metrics once it shows a series starting with {@code prefix} and containing the labels. */
    private String awaitSeries(ServiceProcess service, String prefix, String... labels) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String metrics = "";
        while (System.nanoTime() < deadline) {
            metrics = send(HttpRequest.newBuilder(URI.create(service.url("/q/metrics"))).GET(), 200);
            if (metrics.lines().anyMatch(l -> l.startsWith(prefix) && List.of(labels).stream().allMatch(l::contains))) {
                return metrics;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no " + prefix + " " + List.of(labels) + " on " + service.url("/q/metrics"));
    }

    /** The sum of the samples of the series starting with {@code prefix} that carry every label. */
    private static double sum(String metrics, String prefix, String... labels) {
        return metrics.lines().filter(l -> l.startsWith(prefix) && List.of(labels).stream().allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
