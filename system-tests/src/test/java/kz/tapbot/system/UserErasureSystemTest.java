package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.EventSchemas;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The right to be forgotten, end to end: a user books a taxi seat, books an apartment and asks the assistant a
 * question in their own words, then sends /deleteme and confirms. Once every service has handled
 * kz.tapbot.user.erased.v1, nothing of them is left anywhere TapBot keeps data: no column of any table of any
 * service's schema, no Redis key or value, no point of the conversations vector collection holds their Telegram id,
 * name, phone number (in any format) or words; the bookings are still there for accounting, anonymised. An operator
 * can erase a user the same way over the gateway's API.
 */
class UserErasureSystemTest {

    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd.MM");
    private static final String DB_URL = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/tapbot_test");
    private static final List<String> SCHEMAS = List.of("gateway", "ai", "taxi", "apartments", "analytics");
    private static final String CYRILLIC = "абвгдежзиклмнопрстуфхчшэюя";

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Almaty"));

    /** One person, unlike any other: id, name, phone and the words of their question. */
    private record Person(long id, String name, String phone, String pet) {

        static Person unique() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long id = 6_000_000_000L + random.nextLong(1_000_000_000L);
            String phone = "7707" + String.format("%07d", random.nextInt(10_000_000));
            return new Person(id, "Зарема" + letters(6), phone, "Пушок" + letters(6));
        }

        private static String letters(int count) {
            StringBuilder word = new StringBuilder();
            for (int i = 0; i < count; i++) {
                word.append(CYRILLIC.charAt(ThreadLocalRandom.current().nextInt(CYRILLIC.length())));
            }
            return word.toString();
        }

        /** Their id as a number of its own, name, pet's name, or the ten digits of the phone with any separators. */
        Pattern traces() {
            String national = phone.substring(1);
            StringBuilder digits = new StringBuilder();
            for (char digit : national.toCharArray()) {
                digits.append(digits.length() == 0 ? "" : "[\\s()\\-.]{0,3}").append(digit);
            }
            return Pattern.compile("(^|[^0-9])" + id + "([^0-9]|$)|" + name + "|" + pet + "|" + digits,
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }

    @Test
    void aUserWhoBookedARideAndAnApartmentAndAskedAQuestionLeavesNothingBehindAfterDeleteMe() throws Exception {
        Person user = Person.unique();
        long driver = user.id() + 1;
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"),
                TapBotSystem.TAXI_SECRET, Map.of(user.id(), user.name(), driver, "Ерлан"));
        TelegramChats apartments = new TelegramChats(system.webhookGateway.url("/telegram/apartments/webhook"),
                TapBotSystem.APARTMENTS_SECRET, Map.of(user.id(), user.name()));
        LocalDate day = today.plusDays(ThreadLocalRandom.current().nextInt(10, 50));

        // a driver publishes a trip Aktobe -> Aktau; the user books a seat on it in one message and a phone
        closeLeftovers();
        registerDriver(taxi, driver);
        post(system.taxi.url("/api/trips"), """
                {"driverTelegramId": %d, "fromCity": "Aktobe", "toCity": "Aktau", "departure": "%sT09:00:00",
                 "seats": 4, "pricePerSeat": 9000}""".formatted(driver, day), 201);
        Call askPhone = taxi.write(user.id(), "нужно такси из Актобе в Актау " + DAY_MONTH.format(day) + ", нас двое");
        assertTrue(askPhone.params().at("/reply_markup/keyboard/0/0/request_contact").asBoolean(), askPhone.params().toString());
        taxi.shareContact(user.id(), user.phone());
        Call booked = taxi.press(user.id(), "confirm");
        assertTrue(booked.text().startsWith("Место забронировано!"), booked.text());
        Call toDriver = taxi.notified(driver, "Новый пассажир");
        assertTrue(toDriver.text().contains(user.name()), toDriver.text());
        String taxiBooking = get(system.taxi.url("/api/bookings?telegramId=" + user.id())).get(0).get("id").asText();

        // the user books an apartment in Kyzylorda in one message
        String listingId = importListing();
        LocalDate checkIn = today.plusDays(ThreadLocalRandom.current().nextInt(60, 300));
        Call card = apartments.write(user.id(), "квартира в Кызылорде с " + DAY_MONTH.format(checkIn) + " по "
                + DAY_MONTH.format(checkIn.plusDays(2)) + " на двоих до 20 тыс, тихо, с балконом");
        assertEquals("book:" + listingId, TelegramChats.callbackData(card, "book:"), TelegramChats.words(card));
        apartments.press(user.id(), "book:" + listingId);
        Call stay = apartments.press(user.id(), "bookok");
        assertTrue(stay.text().startsWith("🎉 Бронь подтверждена"), stay.text());
        String stayId = get(system.apartments.url("/api/bookings?telegramId=" + user.id())).get(0).get("id").asText();

        // and asks the assistant a question in their own words
        Call answer = taxi.write(user.id(), "а можно ли с собакой? моего пса зовут " + user.pet());
        assertTrue(answer.text().toLowerCase().contains("можно с животными"), answer.text());

        awaitQuiet();
        assertFalse(traces(user).isEmpty(), "before the erasure the user is found (the scan sees them)");
        assertFalse(conversations(user.pet(), user.id()).isEmpty(), "the question is in the vector store");

        // /deleteme: a question with two buttons in the user's language, then the goodbye
        Call question = taxi.write(user.id(), "/deleteme");
        assertTrue(question.text().startsWith("Удалить все ваши данные"), question.text());
        assertEquals("erase:confirm", TelegramChats.callbackData(question, "erase:confirm"));
        assertEquals("erase:cancel", TelegramChats.callbackData(question, "erase:cancel"));
        try (TopicProbe erasures = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.USER_ERASURES)) {
            Call goodbye = taxi.press(user.id(), "erase:confirm");
            assertTrue(goodbye.text().startsWith("Готово: ваши данные удалены"), goodbye.text());
            ConsumerRecord<String, String> erased = erasures.await(r -> r.key().equals(String.valueOf(user.id())), 1,
                    Duration.ofSeconds(30)).get(0);
            assertEquals(EventTypes.USER_ERASED, TopicProbe.header(erased, "ce_type"));
            new EventSchemas().assertValid(EventTypes.USER_ERASED, erased.value());
            assertEquals("user", json.readTree(erased.value()).get("requestedBy").asText());
        }
        awaitQuiet();

        List<String> left = traces(user);
        assertTrue(left.isEmpty(), "nothing of the user may remain, found: " + left);
        assertTrue(conversations(user.pet(), null).isEmpty() && conversations(user.name(), null).isEmpty()
                && conversations("можно ли с собакой", user.id()).isEmpty(), "no conversation point of the user");

        // what stays, anonymised: the taxi booking (confirmed, the seat still taken) and the stay (the nights still held)
        JsonNode ride = get(system.taxi.url("/api/bookings/" + taxiBooking));
        assertEquals("confirmed", ride.get("status").asText());
        assertTrue(ride.get("passengerTelegramId").asLong() < 0, ride.toString());
        assertTrue(ride.get("passengerName").isNull() && ride.get("passengerPhone").isNull(), ride.toString());
        JsonNode nights = get(system.apartments.url("/api/bookings/" + stayId));
        assertEquals("confirmed", nights.get("status").asText());
        assertTrue(get(system.taxi.url("/api/bookings?telegramId=" + user.id())).isEmpty());
        assertTrue(get(system.apartments.url("/api/bookings?telegramId=" + user.id())).isEmpty());
    }

    @Test
    void anOperatorErasesAUserThroughTheGatewayAndTheirOpenRequestIsCancelledAnonymously() throws Exception {
        Person user = Person.unique();
        TelegramChats taxi = new TelegramChats(system.webhookGateway.url("/telegram/taxi/webhook"),
                TapBotSystem.TAXI_SECRET, Map.of(user.id(), user.name()));
        LocalDate day = today.plusDays(ThreadLocalRandom.current().nextInt(10, 50));
        taxi.write(user.id(), "нужно такси из Атырау в Уральск " + DAY_MONTH.format(day) + ", нас двое");
        taxi.shareContact(user.id(), user.phone());
        taxi.press(user.id(), "confirm");
        JsonNode request = get(system.taxi.url("/api/bookings?telegramId=" + user.id())).get(0);
        assertEquals("requested", request.get("status").asText());
        String bookingId = request.get("id").asText();
        awaitQuiet();
        assertTrue(redisHas("user:telegram:" + user.id()));

        String erasure = system.webhookGateway.url("/api/users/" + user.id() + "/erasure");
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(erasure)).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        assertEquals(400, operatorPost(system.webhookGateway.url("/api/users/someone/erasure")).statusCode());
        assertEquals(400, operatorPost(system.webhookGateway.url("/api/users/-5/erasure")).statusCode());
        HttpResponse<String> accepted;
        try (TopicProbe erasures = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.USER_ERASURES)) {
            accepted = operatorPost(erasure);
            assertEquals(202, accepted.statusCode(), accepted.body());
            String eventId = json.readTree(accepted.body()).get("eventId").asText();
            ConsumerRecord<String, String> erased = erasures.await(r -> r.key().equals(String.valueOf(user.id())), 1,
                    Duration.ofSeconds(30)).get(0);
            assertEquals(eventId, TopicProbe.header(erased, "ce_id"));
            assertEquals("operator", json.readTree(erased.value()).get("requestedBy").asText());
        }
        // the gateway's own data is gone once the call is answered
        assertFalse(redisHas("user:telegram:" + user.id()));
        assertEquals(0, count("SELECT count(*) FROM gateway.telegram_user WHERE id = " + user.id()));

        awaitQuiet();
        JsonNode anonymised = get(system.taxi.url("/api/bookings/" + bookingId));
        assertEquals("cancelled", anonymised.get("status").asText(), "an open request nobody could be told about");
        assertTrue(anonymised.get("passengerTelegramId").asLong() < 0, anonymised.toString());
        assertTrue(anonymised.get("passengerName").isNull() && anonymised.get("passengerPhone").isNull());
        assertEquals(0, count("SELECT count(*) FROM taxi.booking WHERE passenger_id = " + user.id()
                + " OR passenger_chat_id = " + user.id()));
        assertEquals(0, count("SELECT count(*) FROM ai.dialog_message WHERE chat_id = " + user.id()));
    }

    // --- the scan

    /** Where the user is still found: "schema.table.column" (rows), "redis key", "conversations". */
    private List<String> traces(Person user) throws Exception {
        Pattern traces = user.traces();
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot")) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT c.table_schema, c.table_name, c.column_name, c.data_type"
                    + " FROM information_schema.columns c JOIN information_schema.tables t"
                    + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                    + " WHERE c.table_schema = ANY (?) AND t.table_type = 'BASE TABLE'"
                    + " AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bigint',"
                    + " 'integer', 'USER-DEFINED') ORDER BY 1, 2, 3")) {
                s.setArray(1, c.createArrayOf("text", SCHEMAS.toArray()));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        columns.add(new String[] {r.getString(1), r.getString(2), r.getString(3), r.getString(4)});
                    }
                }
            }
            assertTrue(columns.size() > 50, "every service's tables are scanned: " + columns.size());
            for (String[] column : columns) {
                String table = "\"" + column[0] + "\".\"" + column[1] + "\"";
                String name = "\"" + column[2] + "\"";
                boolean number = column[3].equals("bigint") || column[3].equals("integer");
                String sql = number ? "SELECT count(*) FROM " + table + " WHERE " + name + " = ?"
                        : "SELECT count(*) FROM " + table + " WHERE " + name + "::text ~* ?";
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    if (number) {
                        s.setLong(1, user.id());
                    } else {
                        s.setString(1, traces.pattern());
                    }
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            found.add(column[0] + "." + column[1] + "." + column[2] + " (" + r.getLong(1) + " rows)");
                        }
                    }
                } catch (SQLException e) {
                    if (number && column[3].equals("integer")) {
                        continue; // an id beyond the int range cannot be in an integer column
                    }
                    throw e;
                }
            }
        }
        try (RedisKeys redis = new RedisKeys("127.0.0.1", 6379)) {
            for (Map.Entry<String, String> entry : redis.everything().entrySet()) {
                if (traces.matcher(entry.getKey()).find() || traces.matcher(entry.getValue()).find()) {
                    found.add("redis " + entry.getKey());
                }
            }
        }
        if (!conversations(user.pet(), null).isEmpty() || !conversations(user.name(), null).isEmpty()) {
            found.add("conversations");
        }
        return found;
    }

    /** The conversation points closest to {@code words} (of one user, if given) whose text or user is the one sought. */
    private List<JsonNode> conversations(String words, Long userId) throws Exception {
        JsonNode found = get(system.ai.url("/api/conversations/search?limit=100&q="
                + URLEncoder.encode(words, StandardCharsets.UTF_8) + (userId == null ? "" : "&userId=" + userId)));
        List<JsonNode> theirs = new ArrayList<>();
        for (JsonNode point : found) {
            if (userId != null || point.toString().contains(words)) {
                theirs.add(point);
            }
        }
        return theirs;
    }

    // --- waiting until the system has handled everything

    /**
     * Until every consumer group of the system has committed every record of the topics it reads (the erasures
     * included), and the outboxes hold no row older than the wait: then nothing is in flight.
     */
    private void awaitQuiet() throws Exception {
        Instant since = Instant.now();
        Instant deadline = since.plus(Duration.ofSeconds(120));
        Map<String, List<String>> groups = consumerGroups();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers()))) {
            String behind;
            do {
                behind = behind(admin, groups, since);
                if (behind == null) {
                    return;
                }
                Thread.sleep(250);
            } while (Instant.now().isBefore(deadline));
            throw new AssertionError("the system did not settle: " + behind);
        }
    }

    private String behind(Admin admin, Map<String, List<String>> groups, Instant since) throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot")) {
            for (String outbox : List.of("taxi.outbox", "apartments.outbox")) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM " + outbox + " WHERE created_at <= ?")) {
                    s.setTimestamp(1, Timestamp.from(since));
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        if (r.getLong(1) > 0) {
                            return outbox + " not relayed yet";
                        }
                    }
                }
            }
        }
        for (Map.Entry<String, List<String>> group : groups.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.getKey())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : group.getValue()) {
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                long position = at == null ? 0 : at.offset();
                if (position < end.getValue().offset()) {
                    return group.getKey() + " at " + position + " of " + end.getValue().offset() + " on " + end.getKey();
                }
            }
        }
        return null;
    }

    /** Each service's consumer groups and their topics, read from its application.properties; and the web-chat gateway's. */
    private static Map<String, List<String>> consumerGroups() throws Exception {
        Map<String, List<String>> groups = new HashMap<>();
        for (String service : List.of("bot-gateway", "ai-service", "taxi-service", "apartment-service", "analytics-service")) {
            Properties properties = new Properties();
            try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("..", service,
                    "src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            for (String key : properties.stringPropertyNames()) {
                if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".group.id")) {
                    String channel = key.substring(0, key.length() - ".group.id".length());
                    groups.computeIfAbsent(properties.getProperty(key), g -> new ArrayList<>())
                            .add(properties.getProperty(channel + ".topic"));
                }
            }
        }
        groups.put("bot-gateway-local-chat", List.of(Topics.BOT_REPLIES));
        assertTrue(groups.keySet().containsAll(List.of("ai-service-erasures", "taxi-service-erasures",
                "apartment-service-erasures", "analytics-service-erasures")), groups.toString());
        return groups;
    }

    // --- setting the scene

    private void closeLeftovers() throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status = 'requested' AND from_city = 'Aktobe'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Aktobe'");
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = 'Kyzylorda'");
        }
    }

    private void registerDriver(TelegramChats taxi, long driver) throws Exception {
        assertTrue(taxi.write(driver, "/driver").text().contains("Как вас зовут"));
        taxi.write(driver, "Ерлан");
        taxi.write(driver, "Kia Rio");
        taxi.write(driver, "555KZA09");
        assertTrue(taxi.shareContact(driver, "+7 702 111 22 33").text().startsWith("Готово, Ерлан!"));
    }

    private String importListing() throws Exception {
        String listing = """
                [{"externalId": "erasure-%s", "title": "Светлая двушка у парка", "city": "Kyzylorda", "district": "Центр",
                  "address": "Айтеке би 12", "lat": 44.85, "lon": 65.51, "rooms": 2, "maxGuests": 3, "pricePerNight": 15000,
                  "amenities": ["balcony"], "description": "Тихая квартира с балконом",
                  "instantBook": true, "photos": []}]
                """.formatted(UUID.randomUUID());
        return json.readTree(post(system.apartments.url("/api/listings/import"), listing, 200)).at("/ids/0").asText();
    }

    // --- HTTP, PostgreSQL, Redis

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer tapbot-local-admin").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return json.readTree(response.body());
    }

    private String post(String url, String body, int expected) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer tapbot-local-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }

    private HttpResponse<String> operatorPost(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer tapbot-local-admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(DB_URL, "tapbot", "tapbot"); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static boolean redisHas(String key) throws Exception {
        try (RedisKeys redis = new RedisKeys("127.0.0.1", 6379)) {
            return !"0".equals(redis.command("EXISTS", key));
        }
    }
}
