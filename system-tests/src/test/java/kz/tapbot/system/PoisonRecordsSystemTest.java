package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TopicProbe;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Poison on every topic, read by every service that consumes it: a record that is not JSON, JSON that is
 * not a CloudEvent (no ce_* headers, even one in structured mode), a CloudEvent of an unknown type, one of
 * the topic's type without the fields its schema requires, one whose data is not JSON. Each lands on the
 * topic's DLQ once per consumer group, with a dead-letter-reason naming the cause; the valid record
 * written after them on the same partition is processed (every group commits past it, none dead-letters
 * it), so no consumer is stuck behind the poison.
 */
class PoisonRecordsSystemTest {

    private static final String UNKNOWN_TYPE = "kz.tapbot.poison.unknown.v1";
    /** Bookings far in the future, so that no day's figures anyone looks at change. */
    private static final Instant FAR = Instant.parse("2100-03-01T09:00:00Z");

    private final TapBotSystem system = TapBotSystem.get();
    private final long firstChat = 730_000_000L + System.currentTimeMillis() % 100_000_000L;

    /** A topic, the consumer groups the running system reads it with, and a valid record of it for a chat. */
    private record Consumed(String topic, String dlq, List<String> groups, String type, String validData) {
    }

    private record Poison(String name, String value, String type, Pattern reason) {
    }

    private record Sent(Consumed topic, String key, int partition, List<Long> poisonOffsets, List<Poison> poisons,
                        long validOffset) {
    }

    private static String update(long chat, String text) {
        return """
                {"bot": "taxi", "updateId": %d, "chatId": %d, "kind": "message", "user": {"id": %d, "firstName": "Poison",
                 "languageCode": "ru"}, "messageId": 1, "text": "%s", "sentAt": "%s"}""".formatted(chat, chat, chat, text,
                Instant.now());
    }

    private List<Consumed> topics() {
        long chat = firstChat;
        List<Consumed> topics = new ArrayList<>(List.of(
                new Consumed(Topics.BOT_UPDATES, Topics.BOT_UPDATES_DLQ, List.of("ai-service", "analytics-service"),
                        EventTypes.UPDATE_RECEIVED, update(chat, "/help")),
                new Consumed(Topics.BOT_MESSAGES, Topics.BOT_MESSAGES_DLQ, List.of("taxi-service", "apartment-service"),
                        EventTypes.MESSAGE_UNDERSTOOD, "{\"update\": " + update(chat + 1, "/help")
                        + ", \"intent\": \"unknown\", \"confidence\": 0, \"language\": \"ru\", \"entities\": {}}"),
                new Consumed(Topics.BOT_REPLIES, Topics.BOT_REPLIES_DLQ,
                        List.of("bot-gateway", "bot-gateway-local-chat", "ai-service-history", "analytics-service"),
                        EventTypes.REPLY_REQUESTED, "{\"bot\": \"taxi\", \"chatId\": " + (chat + 2)
                        + ", \"text\": \"after the poison\"}"),
                new Consumed(Topics.AI_REQUESTS, Topics.AI_REQUESTS_DLQ, List.of("ai-service-answers", "analytics-service"),
                        EventTypes.AI_REQUESTED, "{\"update\": " + update(chat + 3, "а залог нужен?")
                        + ", \"intent\": \"faq\", \"language\": \"ru\", \"step\": \"IDLE\"}"),
                new Consumed(Topics.TAXI_BOOKINGS, Topics.TAXI_BOOKINGS + ".dlq", List.of("analytics-service"),
                        EventTypes.TAXI_BOOKING_REQUESTED, """
                        {"bookingId": "%s", "status": "requested", "fromCity": "Almaty", "toCity": "Astana",
                         "date": "2100-03-02", "seats": 1, "pricePerSeat": 1000, "totalPrice": 1000, "passengerId": %d,
                         "occurredAt": "%s"}""".formatted(UUID.randomUUID(), chat + 4, FAR)),
                new Consumed(Topics.APARTMENT_BOOKINGS, Topics.APARTMENT_BOOKINGS + ".dlq", List.of("analytics-service"),
                        EventTypes.APARTMENT_BOOKING_REQUESTED, """
                        {"bookingId": "%s", "status": "requested", "listingId": "%s", "city": "Almaty",
                         "checkIn": "2100-03-02", "checkOut": "2100-03-03", "nights": 1, "guests": 1, "totalPrice": 1000,
                         "guestId": %d, "occurredAt": "%s"}""".formatted(UUID.randomUUID(), UUID.randomUUID(), chat + 5,
                        FAR))));
        topics.add(new Consumed(Topics.USER_ERASURES, Topics.USER_ERASURES_DLQ, List.of("ai-service-erasures",
                "analytics-service-erasures", "taxi-service-erasures", "apartment-service-erasures"),
                EventTypes.USER_ERASED, "{\"userId\": " + (chat + 6) + ", \"requestedBy\": \"operator\", \"requestedAt\": \""
                + Instant.now() + "\"}"));
        return topics;
    }

    private static List<Poison> poisons(Consumed topic) {
        return List.of(
                new Poison("not JSON", "\u0000{{{ not json", null, Pattern.compile("ce_id")),
                new Poison("JSON, not a CloudEvent", "{\"hello\": \"world\"}", null, Pattern.compile("ce_id")),
                new Poison("a structured-mode CloudEvent without headers", "{\"specversion\": \"1.0\", \"id\": \"x\","
                        + " \"type\": \"" + topic.type() + "\", \"source\": \"/x\", \"data\": {}}", null,
                        Pattern.compile("ce_id")),
                new Poison("an unknown type", "{}", UNKNOWN_TYPE, Pattern.compile("ce_type " + Pattern.quote(UNKNOWN_TYPE))),
                new Poison("missing fields", "{}", topic.type(), Pattern.compile("missing|needs")),
                new Poison("data not JSON", "<not json>", topic.type(), Pattern.compile("not a|JSON")));
    }

    @Test
    void aPoisonRecordOnEveryTopicGoesToItsDlqFromEveryConsumerWithTheReasonAndTheNextRecordIsProcessed() throws Exception {
        String servers = KafkaTestBroker.bootstrapServers();
        List<Consumed> topics = topics();
        Map<String, TopicProbe> dlqs = new java.util.HashMap<>();
        List<Sent> sent = new ArrayList<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (Consumed topic : topics) {
                dlqs.put(topic.topic(), TopicProbe.fromNow(servers, topic.dlq()));
            }
            for (int t = 0; t < topics.size(); t++) {
                Consumed topic = topics.get(t);
                String key = String.valueOf(firstChat + t);
                List<Long> offsets = new ArrayList<>();
                int partition = -1;
                for (Poison poison : poisons(topic)) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(topic.topic(), key, poison.value());
                    if (poison.type() != null) {
                        ceHeaders(record, poison.type());
                    }
                    RecordMetadata written = producer.send(record).get();
                    offsets.add(written.offset());
                    partition = written.partition();
                }
                ProducerRecord<String, String> valid = new ProducerRecord<>(topic.topic(), key, topic.validData());
                ceHeaders(valid, topic.type());
                RecordMetadata written = producer.send(valid).get();
                assertTrue(written.partition() == partition, "one key, one partition");
                sent.add(new Sent(topic, key, partition, offsets, poisons(topic), written.offset()));
            }
        }

        List<String> failures = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            for (Sent s : sent) {
                TopicProbe dlq = dlqs.get(s.topic().topic());
                int expected = s.poisonOffsets().size() * s.topic().groups().size();
                List<ConsumerRecord<String, String>> dead;
                try {
                    dead = dlq.await(r -> from(r, s), expected, Duration.ofSeconds(120));
                } catch (AssertionError e) {
                    dead = dlq.drain(Duration.ZERO).stream().filter(r -> from(r, s)).toList();
                }
                for (int i = 0; i < s.poisonOffsets().size(); i++) {
                    long offset = s.poisonOffsets().get(i);
                    Poison poison = s.poisons().get(i);
                    List<String> reasons = dead.stream().filter(r -> offsetOf(r) == offset)
                            .map(r -> TopicProbe.header(r, "dead-letter-reason")).toList();
                    if (reasons.size() != s.topic().groups().size()) {
                        failures.add(s.topic().topic() + ", " + poison.name() + ": " + reasons.size()
                                + " dead letters, one per consumer group expected " + s.topic().groups() + ": " + reasons);
                    }
                    for (String reason : reasons) {
                        if (reason == null || !poison.reason().matcher(reason).find()) {
                            failures.add(s.topic().topic() + ", " + poison.name() + ": reason '" + reason
                                    + "' does not name the cause (" + poison.reason() + ")");
                        }
                    }
                }
                for (String group : s.topic().groups()) {
                    long committed = awaitCommittedPast(admin, group, new TopicPartition(s.topic().topic(), s.partition()),
                            s.validOffset());
                    if (committed <= s.validOffset()) {
                        failures.add(s.topic().topic() + ": group " + group + " did not get past the valid record at "
                                + s.validOffset() + " (committed " + committed + ")");
                    }
                }
            }
            for (Sent s : sent) {
                List<ConsumerRecord<String, String>> deadValid = dlqs.get(s.topic().topic()).drain(Duration.ofSeconds(1))
                        .stream().filter(r -> from(r, s) && offsetOf(r) == s.validOffset()).toList();
                if (!deadValid.isEmpty()) {
                    failures.add(s.topic().topic() + ": the valid record went to the DLQ: "
                            + TopicProbe.header(deadValid.get(0), "dead-letter-reason"));
                }
            }
        } finally {
            dlqs.values().forEach(TopicProbe::close);
        }
        // what the valid records did, as a user sees it: the reply written after the poison was sent
        TELEGRAM.awaitCalls(c -> c.chatId() == firstChat + 2 && "after the poison".equals(c.text()), 1,
                Duration.ofSeconds(30));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static boolean from(ConsumerRecord<String, String> dead, Sent s) {
        return s.topic().topic().equals(TopicProbe.header(dead, "dead-letter-topic"))
                && String.valueOf(s.partition()).equals(TopicProbe.header(dead, "dead-letter-partition"))
                && (s.poisonOffsets().contains(offsetOf(dead)) || offsetOf(dead) == s.validOffset());
    }

    private static long offsetOf(ConsumerRecord<String, String> dead) {
        String offset = TopicProbe.header(dead, "dead-letter-offset");
        return offset == null ? -1 : Long.parseLong(offset);
    }

    private static long awaitCommittedPast(Admin admin, String group, TopicPartition partition, long offset)
            throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        long committed = -1;
        while (System.currentTimeMillis() < deadline) {
            OffsetAndMetadata at = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(partition);
            committed = at == null ? -1 : at.offset();
            if (committed > offset) {
                return committed;
            }
            Thread.sleep(500);
        }
        return committed;
    }

    private static void ceHeaders(ProducerRecord<String, String> record, String type) {
        record.headers().add("ce_specversion", bytes("1.0"));
        record.headers().add("ce_id", bytes(UUID.randomUUID().toString()));
        record.headers().add("ce_type", bytes(type));
        record.headers().add("ce_source", bytes("/tests/poison"));
        record.headers().add("ce_time", bytes(Instant.now().toString()));
        record.headers().add("content-type", bytes("application/json"));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
