package kz.tapbot.gateway;

import static kz.tapbot.gateway.GatewayTestResources.TAXI_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand generated malformed or hostile webhook bodies, all with the right secret: none gets a
 * 5xx, none that is invalid puts anything on bot.updates, every valid one is published exactly once
 * with its text and names exactly as sent, and the gateway is ready and answering afterwards.
 *
 * <p>What counts as valid: UTF-8 JSON, an object with an update_id in 0..2^63-1, every field the
 * gateway reads of its Bot API type, a message (with from and chat) or a callback query, and within
 * what Telegram itself sends ({@code TelegramLimits}: text up to 4096 characters, callback_data up to
 * 64 bytes, no NUL, no half surrogate pair, non-zero ids). Hostile content inside those bounds (SQL,
 * HTML, Telegram entities, control characters, right-to-left marks, emoji) is valid and must come
 * out unchanged: the gateway neither escapes nor strips; the bots send replies without a parse mode.
 * Not an Update: 400. An Update beyond Telegram's limits or of a kind the bots ignore: 200 and
 * dropped (Telegram would deliver a refused update again and again). Over 1 MB: 413.
 *
 * <p>The generator is seeded: a failure prints its seed; rerun it with -Dtapbot.fuzz.seed=....
 */
@QuarkusTest
@QuarkusTestResource(GatewayTestResources.class)
class WebhookFuzzTest {

    private static final int BODIES = 10_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TEXT_MARK = "@@TEXT@@";

    private static final List<String> HOSTILE = List.of(
            "'; DROP TABLE gateway.telegram_user; --", "\" OR 1=1 --", "Robert'); DELETE FROM taxi.booking;--",
            "1; SELECT pg_sleep(10)", "<script>alert('x')</script>", "<b>bold</b> & <i>italic</i>",
            "<a href=\"tg://user?id=1\">me</a>", "&amp; &lt; &gt; &quot; &#39; &#x3C;", "<img src=x onerror=alert(1)>",
            "*bold* _it_ [link](http://x) `code` ~s~ ||spoiler||", "%s %n %d %x {0} ${jndi:ldap://x/a}",
            "\n[ERROR] forged log line\r\n", "Қазақстан әңғүұқөһі", "Алматы → Астана", "👨‍👩‍👧 🚕 🏠",
            "\u202Eevil\u202C", "zero\u200Bwidth\uFEFF", "tab\there\u007Fdel", "\u0001\u0002\u001F",
            "\u2028line\u2029para", "\\u0000 as text", "null", "undefined", "-1", "");

    @TestHTTPResource("/telegram/taxi/webhook")
    URL webhook;

    @TestHTTPResource("/q/health/ready")
    URL ready;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What the gateway must do with one body. */
    private enum Expect { PUBLISHED, ACKNOWLEDGED_AND_DROPPED, AT_MOST_ONCE, NOT_AN_UPDATE, TOO_LARGE }

    private record Case(int index, String category, byte[] body, Expect expect, long chatId, long updateId,
                        String text, String callbackData, String firstName) {
        String describe() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return "#" + index + " " + category + " (" + body.length + " bytes): " + shown;
        }
    }

    @Test
    void hostileAndMalformedBodiesNeverCauseA5xxOrAStrayEventAndValidOnesArePublishedIntact() throws Exception {
        long seed = Long.getLong("tapbot.fuzz.seed", System.nanoTime());
        System.out.println("WebhookFuzzTest seed: " + seed + " (rerun with -Dtapbot.fuzz.seed=" + seed + ")");
        Generator generator = new Generator(new Random(seed),
                8_000_000_000_000L + System.currentTimeMillis() % 1_000_000 * 100_000);
        Map<Long, Case> published = new HashMap<>();
        Map<String, Integer> perCategory = new HashMap<>();
        Map<String, Long> millisPerCategory = new HashMap<>();
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            for (int i = 0; i < BODIES; i++) {
                Case body = generator.next(i);
                String category = body.category().replaceAll("( at| of| over| \\(| -?\\d| update_id ).*", "");
                perCategory.merge(category, 1, Integer::sum);
                long started = System.nanoTime();
                HttpResponse<String> answer = send(body.body(), body.expect() == Expect.TOO_LARGE);
                millisPerCategory.merge(category, (System.nanoTime() - started) / 1_000_000, Long::sum);
                check(seed, body, answer);
                if (body.expect() == Expect.PUBLISHED) {
                    published.put(body.chatId(), body);
                }
            }
            System.out.println("WebhookFuzzTest bodies per category: " + perCategory + ", milliseconds: " + millisPerCategory);

            probe.await(r -> published.containsKey(Long.parseLong(r.key())), published.size(), Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> records = probe.drain(Duration.ofSeconds(2));
            Map<Long, Integer> eventsPerChat = new HashMap<>();
            for (ConsumerRecord<String, String> record : records) {
                long chat = Long.parseLong(record.key());
                eventsPerChat.merge(chat, 1, Integer::sum);
                Case origin = published.get(chat);
                if (origin == null) {
                    Case stray = generator.cases.get(chat);
                    if (stray == null || stray.expect() != Expect.AT_MOST_ONCE) {
                        fail("seed " + seed + ": an event for a body that is not valid: "
                                + (stray == null ? record.value() : stray.describe()));
                    }
                    continue;
                }
                JsonNode data = json.readTree(record.value());
                assertEquals(origin.updateId(), data.get("updateId").asLong(), origin.describe());
                assertEquals(origin.firstName(), data.at("/user/firstName").asText(), "seed " + seed + " " + origin.describe());
                if (origin.callbackData() != null) {
                    assertEquals(origin.callbackData(), data.at("/callback/data").asText(),
                            "seed " + seed + " " + origin.describe());
                } else {
                    assertEquals(origin.text(), data.path("text").asText(), "seed " + seed + " " + origin.describe());
                }
            }
            eventsPerChat.forEach((chat, count) -> assertEquals(1, count,
                    "seed " + seed + ": one event per valid body, chat " + chat));
            assertTrue(published.size() > BODIES / 10, "the generator made too few valid bodies: " + published.size());
        }

        HttpResponse<String> health = http.send(HttpRequest.newBuilder(ready.toURI()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertEquals("UP", json.readTree(health.body()).path("status").asText());
        long chat = 7_999_999_000_000L + System.currentTimeMillis() % 1_000_000;
        try (TopicProbe probe = TopicProbe.fromNow(KafkaTestBroker.bootstrapServers(), Topics.BOT_UPDATES)) {
            HttpResponse<String> normal = send(TelegramJson.textMessage(chat, chat, "/start")
                    .getBytes(StandardCharsets.UTF_8), false);
            assertEquals(200, normal.statusCode(), normal.body());
            probe.await(r -> r.key().equals(String.valueOf(chat)), 1, Duration.ofSeconds(10));
        }
    }

    private void check(long seed, Case body, HttpResponse<String> answer) throws Exception {
        int status = answer.statusCode();
        String where = "seed " + seed + ", body " + body.describe() + " -> " + status + " " + answer.body();
        assertTrue(status < 500, where);
        switch (body.expect()) {
            case PUBLISHED -> {
                assertEquals(200, status, where);
                assertEquals("published", json.readTree(answer.body()).path("outcome").asText(), where);
            }
            case ACKNOWLEDGED_AND_DROPPED -> {
                assertEquals(200, status, where);
                String outcome = json.readTree(answer.body()).path("outcome").asText();
                assertTrue(Set.of("rejected", "ignored", "duplicate").contains(outcome), where);
            }
            case AT_MOST_ONCE -> assertEquals(200, status, where);
            case NOT_AN_UPDATE -> {
                assertEquals(400, status, where);
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                        where);
            }
            case TOO_LARGE -> assertEquals(413, status, where);
        }
    }

    /**
     * A body over the limit is offered with "Expect: 100-continue", as large uploads are: the gateway
     * answers 413 before reading it (sent blindly, the connection is closed under the writer's feet).
     */
    private HttpResponse<String> send(byte[] body, boolean large) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.toString())).expectContinue(large)
                .header("Content-Type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", TAXI_SECRET)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Makes the bodies; every one that names a chat names its own, so any event can be traced to its body. */
    private final class Generator {

        private final Random random;
        private final long firstChat;
        private long nextUpdateId;
        /** The update ids of the bodies published so far: a repeat of one must produce nothing. */
        private final List<Long> publishedUpdateIds = new ArrayList<>();
        final Map<Long, Case> cases = new HashMap<>();
        private boolean zeroUsed;
        private boolean maxUsed;

        Generator(Random random, long firstChat) {
            this.random = random;
            this.firstChat = firstChat;
            this.nextUpdateId = firstChat;
        }

        Case next(int index) throws Exception {
            long chat = firstChat + index;
            int roll = random.nextInt(100);
            Case made;
            if (roll < 30) {
                made = hostileButValid(index, chat);
            } else if (roll < 38) {
                made = notJson(index, chat);
            } else if (roll < 46) {
                made = truncated(index, chat);
            } else if (roll < 62) {
                made = wrongType(index, chat);
            } else if (roll < 67) {
                made = invalidUtf8(index, chat);
            } else if (roll < 74) {
                made = nulOrHalfSurrogate(index, chat);
            } else if (roll < 79) {
                made = callbackDataOver64Bytes(index, chat);
            } else if (roll < 88) {
                made = forgedUpdateId(index, chat);
            } else if (roll < 94) {
                made = missingParts(index, chat);
            } else if (roll < 97) {
                made = deepNesting(index, chat);
            } else {
                made = huge(index, chat);
            }
            cases.put(chat, made);
            return made;
        }

        private long updateId() {
            return nextUpdateId++;
        }

        private String pick(List<String> from) {
            return from.get(random.nextInt(from.size()));
        }

        private String hostile() {
            StringBuilder text = new StringBuilder();
            int parts = 1 + random.nextInt(3);
            for (int i = 0; i < parts; i++) {
                text.append(pick(HOSTILE));
            }
            return text.toString();
        }

        private ObjectNode user(long id, String firstName) {
            ObjectNode from = NODES.objectNode().put("id", id).put("is_bot", false).put("first_name", firstName);
            if (random.nextBoolean()) {
                from.put("last_name", hostile()).put("username", "u" + id);
            }
            return from.put("language_code", pick(List.of("ru", "kk", "en", "<b>")));
        }

        private ObjectNode message(long updateId, long chat, String text, String firstName) {
            ObjectNode message = NODES.objectNode().put("message_id", 1 + random.nextInt(1_000_000))
                    .put("date", 1_764_064_800L + random.nextInt(1_000_000));
            message.set("from", user(chat, firstName));
            message.set("chat", NODES.objectNode().put("id", chat).put("type", "private"));
            if (text != null) {
                message.put("text", text);
            }
            ObjectNode update = NODES.objectNode().put("update_id", updateId);
            update.set(random.nextInt(5) == 0 ? "edited_message" : "message", message);
            return update;
        }

        private ObjectNode callback(long updateId, long chat, String data, String firstName) {
            ObjectNode press = NODES.objectNode().put("id", "cbq-" + updateId).put("chat_instance", "1");
            if (data != null) {
                press.put("data", data);
            }
            press.set("from", user(chat, firstName));
            ObjectNode origin = NODES.objectNode().put("message_id", 5).put("date", 1_764_064_800L);
            origin.set("chat", NODES.objectNode().put("id", chat).put("type", "private"));
            press.set("message", origin);
            ObjectNode update = NODES.objectNode().put("update_id", updateId);
            update.set("callback_query", press);
            return update;
        }

        private byte[] bytes(JsonNode tree) throws Exception {
            return json.writeValueAsBytes(tree);
        }

        private Case hostileButValid(int index, long chat) throws Exception {
            long updateId = updateId();
            publishedUpdateIds.add(updateId);
            String name = hostile();
            if (name.isEmpty() || name.length() > 200) {
                name = "<b>Асель</b> & \"Co\"";
            }
            if (random.nextInt(4) == 0) {
                String data = pick(List.of("confirm", "book:<script>", "seats:2' OR '1'='1", "🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕🚕",
                        "x".repeat(64), "date:2026-11-27&<b>"));
                return new Case(index, "hostile callback", bytes(callback(updateId, chat, data, name)), Expect.PUBLISHED,
                        chat, updateId, null, data, name);
            }
            String text = random.nextInt(20) == 0 ? "я".repeat(4096) : hostile();
            return new Case(index, "hostile text", bytes(message(updateId, chat, text, name)), Expect.PUBLISHED, chat,
                    updateId, text, null, name);
        }

        private Case notJson(int index, long chat) {
            String body = pick(List.of("", "null", "true", "42", "\"a string\"", "[]", "[1, 2, 3]", "{}", "{",
                    "update_id=1&message=hi", "<xml><update_id>1</update_id></xml>", "{'update_id': 1}",
                    "{\"update_id\": 1,}", "{update_id: 1}", "\u0000\u0000", "{\"update_id\": 1} trailing",
                    "{\"update_id\": 01}", "{\"update_id\": NaN}", "{\"update_id\": 1, \"update_id\": }"));
            if (random.nextInt(3) == 0) {
                byte[] noise = new byte[1 + random.nextInt(200)];
                random.nextBytes(noise);
                noise[0] = '#';
                return new Case(index, "random bytes", noise, Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
            }
            return new Case(index, "not json", body.getBytes(StandardCharsets.UTF_8), Expect.NOT_AN_UPDATE, chat, 0,
                    null, null, null);
        }

        private Case truncated(int index, long chat) throws Exception {
            byte[] whole = bytes(message(updateId(), chat, hostile(), "Асель"));
            int cut = 1 + random.nextInt(whole.length - 1);
            byte[] part = new byte[cut];
            System.arraycopy(whole, 0, part, 0, cut);
            // a cut inside a multi-byte character is not UTF-8 either: 400 all the same
            return new Case(index, "truncated", part, Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
        }

        /** One field the gateway reads, replaced by a value of another JSON type. */
        private Case wrongType(int index, long chat) throws Exception {
            boolean press = random.nextBoolean();
            ObjectNode update = press ? callback(updateId(), chat, "confirm", "Асель")
                    : message(updateId(), chat, "hi", "Асель");
            String root = press ? "callback_query" : update.has("message") ? "message" : "edited_message";
            // path -> the JSON type the Bot API gives it
            Map<String, String> fields = new HashMap<>();
            fields.put("", "object");
            fields.put("/update_id", "integer");
            fields.put("/" + root, "object");
            fields.put("/" + root + "/from", "object");
            fields.put("/" + root + "/from/id", "integer");
            fields.put("/" + root + "/from/is_bot", "boolean");
            fields.put("/" + root + "/from/first_name", "string");
            fields.put("/" + root + "/from/language_code", "string");
            if (press) {
                fields.put("/callback_query/id", "string");
                fields.put("/callback_query/data", "string");
                fields.put("/callback_query/message", "object");
                fields.put("/callback_query/message/chat/id", "integer");
            } else {
                fields.put("/" + root + "/message_id", "integer");
                fields.put("/" + root + "/date", "integer");
                fields.put("/" + root + "/text", "string");
                fields.put("/" + root + "/chat", "object");
                fields.put("/" + root + "/chat/id", "integer");
                fields.put("/" + root + "/chat/type", "string");
                ObjectNode message = (ObjectNode) update.get(root);
                switch (random.nextInt(3)) {
                    case 0 -> {
                        message.set("location", NODES.objectNode().put("latitude", 43.2).put("longitude", 76.9));
                        fields.put("/" + root + "/location", "object");
                        fields.put("/" + root + "/location/latitude", "number");
                    }
                    case 1 -> {
                        message.set("contact", NODES.objectNode().put("phone_number", "+77015556677").put("user_id", chat));
                        fields.put("/" + root + "/contact", "object");
                        fields.put("/" + root + "/contact/phone_number", "string");
                        fields.put("/" + root + "/contact/user_id", "integer");
                    }
                    default -> {
                        message.putArray("photo").addObject().put("file_id", "f").put("width", 90).put("height", 60);
                        fields.put("/" + root + "/photo", "array");
                        fields.put("/" + root + "/photo/0", "object");
                        fields.put("/" + root + "/photo/0/file_id", "string");
                        fields.put("/" + root + "/photo/0/width", "integer");
                    }
                }
            }
            List<String> paths = new ArrayList<>(fields.keySet());
            paths.sort(null);
            String path = paths.get(random.nextInt(paths.size()));
            JsonNode wrong = wrongValue(fields.get(path));
            if (path.isEmpty()) {
                return new Case(index, "wrong type at /", bytes(wrong), Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
            }
            int slash = path.lastIndexOf('/');
            JsonNode parent = update.at(path.substring(0, slash));
            String field = path.substring(slash + 1);
            if (parent.isArray()) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) parent).set(Integer.parseInt(field), wrong);
            } else {
                ((ObjectNode) parent).set(field, wrong);
            }
            return new Case(index, "wrong type at " + path, bytes(update), Expect.NOT_AN_UPDATE, chat, 0, null, null,
                    null);
        }

        private JsonNode wrongValue(String type) {
            List<JsonNode> candidates = new ArrayList<>();
            if (!type.equals("string")) {
                candidates.add(NODES.textNode(pick(List.of("42", "<b>x</b>", "", "true"))));
            }
            if (!type.equals("integer") && !type.equals("number")) {
                candidates.add(NODES.numberNode(random.nextInt(1000) + 1));
            }
            if (!type.equals("number")) {
                candidates.add(NODES.numberNode(random.nextInt(1000) + 0.5));
            }
            if (!type.equals("boolean")) {
                candidates.add(NODES.booleanNode(random.nextBoolean()));
            }
            if (!type.equals("array")) {
                candidates.add(NODES.arrayNode().add(1).add("two"));
            }
            if (!type.equals("object")) {
                candidates.add(NODES.objectNode().put("nested", "<script>"));
            }
            return candidates.get(random.nextInt(candidates.size()));
        }

        private Case invalidUtf8(int index, long chat) throws Exception {
            byte[] whole = bytes(message(updateId(), chat, TEXT_MARK, "Асель"));
            byte[] bad = switch (random.nextInt(8)) {
                case 0 -> new byte[] {(byte) 0xFF};
                case 1 -> new byte[] {(byte) 0xC3, 0x28};
                case 2 -> new byte[] {(byte) 0x80};
                case 3 -> new byte[] {(byte) 0xE2, (byte) 0x82};
                case 4 -> new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80};
                case 5 -> new byte[] {(byte) 0xC0, (byte) 0xAF};
                case 6 -> new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
                default -> new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
            };
            return new Case(index, "invalid utf-8", replaceMark(whole, bad), Expect.NOT_AN_UPDATE, chat, 0, null, null,
                    null);
        }

        /** Valid JSON escapes that no Telegram text holds: NUL, a half surrogate pair; or a raw control byte. */
        private Case nulOrHalfSurrogate(int index, long chat) throws Exception {
            int kind = random.nextInt(6);
            if (kind == 5) {
                byte[] whole = bytes(message(updateId(), chat, TEXT_MARK, "Асель"));
                return new Case(index, "raw control byte", replaceMark(whole, new byte[] {'a', 0x01, 'b'}),
                        Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
            }
            String escaped = switch (kind) {
                case 0 -> "a\\u0000b";
                case 1 -> "\\ud83d";
                case 2 -> "x\\ude00y";
                case 3 -> "\\ude00\\ud83d";
                default -> "\\u0000";
            };
            boolean inName = random.nextBoolean();
            ObjectNode update = message(updateId(), chat, inName ? "hi" : TEXT_MARK, inName ? TEXT_MARK : "Асель");
            return new Case(index, "nul or half surrogate", replaceMark(bytes(update),
                    escaped.getBytes(StandardCharsets.US_ASCII)), Expect.ACKNOWLEDGED_AND_DROPPED, chat, 0, null, null, null);
        }

        private Case callbackDataOver64Bytes(int index, long chat) throws Exception {
            String data = switch (random.nextInt(3)) {
                case 0 -> "x".repeat(65 + random.nextInt(300));
                case 1 -> "қ".repeat(33 + random.nextInt(40));
                default -> "book:" + "<script>".repeat(8 + random.nextInt(100));
            };
            return new Case(index, "callback_data over 64 bytes", bytes(callback(updateId(), chat, data, "Асель")),
                    Expect.ACKNOWLEDGED_AND_DROPPED, chat, 0, null, null, null);
        }

        private Case forgedUpdateId(int index, long chat) throws Exception {
            int kind = random.nextInt(14);
            if (kind == 0 && !publishedUpdateIds.isEmpty()) {
                // a repeat of an id already taken, for another chat: a duplicate, nothing published
                long repeated = publishedUpdateIds.get(random.nextInt(publishedUpdateIds.size()));
                return new Case(index, "repeated update_id", bytes(message(repeated, chat, hostile(), "Асель")),
                        Expect.ACKNOWLEDGED_AND_DROPPED, chat, repeated, null, null, null);
            }
            if (kind == 1 && !zeroUsed) {
                zeroUsed = true;
                return new Case(index, "update_id 0", bytes(message(0, chat, "zero", "Асель")), Expect.AT_MOST_ONCE, chat,
                        0, null, null, null);
            }
            if (kind == 2 && !maxUsed) {
                maxUsed = true;
                return new Case(index, "update_id 2^63-1", bytes(message(Long.MAX_VALUE, chat, "max", "Асель")),
                        Expect.AT_MOST_ONCE, chat, Long.MAX_VALUE, null, null, null);
            }
            String forged = pick(List.of("-1", "-9223372036854775808", "9223372036854775808", "18446744073709551616",
                    "1e30", "1.5", "1.0", "-0.5", "\"123\"", "\"abc\"", "true", "null", "[]", "{}", "[1]",
                    "123456789012345678901234567890123456789012345678901234567890"));
            byte[] body = bytes(message(0, chat, "forged", "Асель"));
            String text = new String(body, StandardCharsets.UTF_8).replaceFirst("\"update_id\":0", "\"update_id\":" + forged);
            return new Case(index, "forged update_id " + forged, text.getBytes(StandardCharsets.UTF_8),
                    Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
        }

        /** Well-formed updates the bots have no use for, or whose chat or user is missing. */
        private Case missingParts(int index, long chat) throws Exception {
            ObjectNode update = message(updateId(), chat, "hi", "Асель");
            ObjectNode message = (ObjectNode) (update.has("message") ? update.get("message") : update.get("edited_message"));
            switch (random.nextInt(7)) {
                case 0 -> message.remove("from");
                case 1 -> message.remove("chat");
                case 2 -> ((ObjectNode) message.get("chat")).remove("id");
                case 3 -> ((ObjectNode) message.get("from")).remove("id");
                case 4 -> ((ObjectNode) message.get("from")).put("is_bot", true);
                case 5 -> message.put("date", random.nextBoolean() ? Long.MAX_VALUE : -1);
                default -> {
                    ObjectNode other = NODES.objectNode().put("update_id", update.get("update_id").asLong());
                    other.set(pick(List.of("channel_post", "poll", "my_chat_member", "inline_query")), message);
                    update = other;
                }
            }
            return new Case(index, "missing parts", bytes(update), Expect.ACKNOWLEDGED_AND_DROPPED, chat, 0, null, null,
                    null);
        }

        private Case deepNesting(int index, long chat) throws Exception {
            int depth = random.nextBoolean() ? 10_000 : 1_000 + random.nextInt(50_000);
            String open = random.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            String nested = open.repeat(depth) + "1" + close.repeat(depth);
            String where = pick(List.of("extra", "text", "message"));
            String body = where.equals("extra")
                    ? "{\"update_id\": " + updateId() + ", \"extra\": " + nested + "}"
                    : new String(bytes(message(updateId(), chat, TEXT_MARK, "Асель")), StandardCharsets.UTF_8)
                            .replace("\"" + TEXT_MARK + "\"", nested);
            return new Case(index, "nesting " + depth + " deep in " + where, body.getBytes(StandardCharsets.UTF_8),
                    Expect.NOT_AN_UPDATE, chat, 0, null, null, null);
        }

        private Case huge(int index, long chat) throws Exception {
            int kind = random.nextInt(4);
            if (kind == 0) {
                // under the body limit but far over Telegram's: acknowledged, dropped
                String text = "<b>" + "ж".repeat(200_000 + random.nextInt(200_000));
                return new Case(index, "text of " + text.length() + " characters", bytes(message(updateId(), chat, text,
                        "Асель")), Expect.ACKNOWLEDGED_AND_DROPPED, chat, 0, null, null, null);
            }
            if (kind == 1) {
                String name = "'; DROP TABLE x; --".repeat(5_000 + random.nextInt(20_000));
                return new Case(index, "name of " + name.length() + " characters", bytes(message(updateId(), chat, "hi",
                        name)), Expect.ACKNOWLEDGED_AND_DROPPED, chat, 0, null, null, null);
            }
            int size = kind == 2 ? 5 * 1024 * 1024 : 1_100_000 + random.nextInt(500_000);
            String text = "x".repeat(size);
            return new Case(index, "body over 1 MB (" + size + " characters)", bytes(message(updateId(), chat, text,
                    "Асель")), Expect.TOO_LARGE, chat, 0, null, null, null);
        }

        private byte[] replaceMark(byte[] body, byte[] replacement) {
            byte[] mark = TEXT_MARK.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i + mark.length <= body.length; i++) {
                boolean match = true;
                for (int j = 0; j < mark.length && match; j++) {
                    match = body[i + j] == mark[j];
                }
                if (match) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(body, 0, i);
                    out.write(replacement, 0, replacement.length);
                    out.write(body, i + mark.length, body.length - i - mark.length);
                    return out.toByteArray();
                }
            }
            throw new IllegalStateException("no mark in the body");
        }
    }
}
