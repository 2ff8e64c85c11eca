package kz.tapbot.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kz.tapbot.events.EventTypes;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A rush of taxi bookings through the webhook, the traffic the fault tests break things under: drivers with trips of
 * 8 seats on one route tomorrow, and as many passengers, each booking one seat in two steps, as a Telegram user does
 * (one message naming the route, day, seats and phone, answered with a summary; then the Confirm button, answered
 * with the booking). Afterwards it checks what users and other services would see: every booking made exactly once,
 * every message sent exactly once, the outbox empty and every consumer group caught up.
 */
final class TaxiRush {

    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final int SEATS_PER_TRIP = 8;

    /** A route and how a passenger says it in Russian. */
    record Route(String from, String to, String said) {
    }

    static final Route PAVLODAR_EKIBASTUZ = new Route("Pavlodar", "Ekibastuz", "из Павлодара в Экибастуз");
    static final Route KARAGANDA_TEMIRTAU = new Route("Karaganda", "Temirtau", "из Караганды в Темиртау");
    static final Route SHYMKENT_TURKESTAN = new Route("Shymkent", "Turkestan", "из Шымкента в Туркестан");

    private final FaultSystem system;
    private final TelegramSide telegram;
    private final Route route;
    private final int bookings;
    private final long firstPassenger;
    private final long firstDriver;
    private final AtomicInteger done = new AtomicInteger();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final List<Future<?>> dialogs = new ArrayList<>();
    private ExecutorService users;
    private Instant started;

    TaxiRush(FaultSystem system, TelegramSide telegram, Route route, int bookings) {
        this.system = system;
        this.telegram = telegram;
        this.route = route;
        this.bookings = bookings;
        long base = 700_000_000L + System.nanoTime() % 1_000_000L * 1_000;
        this.firstPassenger = base;
        this.firstDriver = base + 100_000_000L;
    }

    int drivers() {
        return (bookings + SEATS_PER_TRIP - 1) / SEATS_PER_TRIP;
    }

    /** Registers the drivers (straight into taxi.driver, as a finished /driver dialog leaves them) and publishes their trips. */
    void prepare() throws Exception {
        try (Connection c = system.postgres.connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO taxi.driver (telegram_id, chat_id, name, car, plate, phone) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < drivers(); i++) {
                long driver = firstDriver + i;
                insert.setLong(1, driver);
                insert.setLong(2, driver);
                insert.setString(3, "Водитель " + i);
                insert.setString(4, "Toyota Camry");
                insert.setString(5, String.format("%03dABC14", i % 1000));
                insert.setString(6, "+7701" + String.format("%07d", 1_000_000 + i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        LocalDateTime departure = LocalDate.now(ALMATY).plusDays(1).atTime(12, 0);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < drivers(); i++) {
            HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(system.taxi.url("/api/trips")))
                    .header("Authorization", "Bearer " + FaultSystem.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"driverTelegramId": %d, "fromCity": "%s", "toCity": "%s", "departure": "%s", "seats": %d,
                             "pricePerSeat": 3000}""".formatted(firstDriver + i, route.from(), route.to(),
                            departure.plusMinutes(i), SEATS_PER_TRIP))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, published.statusCode(), published.body());
        }
    }

    /** Starts the passengers' dialogs, {@code concurrentUsers} at a time. */
    void start(int concurrentUsers) {
        started = Instant.now();
        users = Executors.newFixedThreadPool(concurrentUsers);
        for (int i = 0; i < bookings; i++) {
            long passenger = firstPassenger + i;
            dialogs.add(users.submit(() -> {
                try {
                    book(passenger);
                } catch (Throwable e) {
                    failures.add(e);
                }
                done.incrementAndGet();
            }));
        }
        users.shutdown();
    }

    int done() {
        return done.get();
    }

    void awaitDone(int count) {
        while (done.get() < count) {
            FaultSystem.pause(100);
        }
    }

    /** Waits for every dialog to end; how long the rush took. */
    Duration awaitAll(Duration timeout) throws Exception {
        assertTrue(users.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS), done.get() + " of " + bookings
                + " dialogs ended within " + timeout);
        Duration took = Duration.between(started, Instant.now());
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " dialogs failed; the first: " + failures.peek().getMessage(),
                    failures.peek());
        }
        return took;
    }

    static String name(long passenger) {
        return "Пассажир" + passenger % 100_000;
    }

    private void book(long passenger) {
        String name = name(passenger);
        String phone = "8701" + String.format("%07d", passenger % 10_000_000);
        telegram.deliver(TelegramSide.message(passenger, name, "завтра " + route.said() + ", 1 место, тел " + phone));
        Call summary = telegram.awaitMessage(passenger, 1, Duration.ofMinutes(3));
        assertTrue(summary.text().startsWith("Проверьте заявку"), passenger + ": " + TelegramSide.texts(List.of(summary)));
        telegram.deliver(TelegramSide.press(passenger, name, "confirm"));
        Call booked = telegram.awaitMessage(passenger, 2, Duration.ofMinutes(3));
        assertTrue(booked.text().startsWith("Место забронировано!"), passenger + ": " + TelegramSide.texts(List.of(booked)));
    }

    // --- what everyone sees afterwards

    /**
     * Every passenger booked exactly one seat, every trip is full, taxi.bookings announced each booking once, the
     * outbox is empty, no consumer group lags, and each chat got exactly the messages of its dialog, once.
     */
    void assertEachBookedOnceAndToldOnce() throws Exception {
        awaitZero("SELECT count(*) FROM taxi.outbox");
        assertEquals(0, awaitNoLag(List.of("bot-gateway", "ai-service", "taxi-service")), "consumer lag left");
        assertEquals(Map.of(), deadLetters(), "records on the dead-letter topics");
        // late repeats would arrive now, if any
        FaultSystem.pause(2_000);

        Map<Long, List<String>> booked = new HashMap<>();
        try (Connection c = system.postgres.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT passenger_chat_id, status FROM taxi.booking WHERE passenger_chat_id BETWEEN ? AND ?")) {
            q.setLong(1, firstPassenger);
            q.setLong(2, firstPassenger + bookings - 1);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    booked.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        int rows = booked.values().stream().mapToInt(List::size).sum();
        assertEquals(bookings, rows, "bookings in taxi.booking");
        for (long p = firstPassenger; p < firstPassenger + bookings; p++) {
            assertEquals(List.of("confirmed"), booked.get(p), "bookings of passenger " + p);
        }
        assertEquals(0, count("SELECT coalesce(sum(seats_free), 0) FROM taxi.trip WHERE driver_id BETWEEN "
                + firstDriver + " AND " + (firstDriver + drivers() - 1)), "seats left on the trips");

        Announcements announced = announcements();
        assertEquals(bookings, announced.confirmed().size(), "bookings announced confirmed on taxi.bookings");

        List<String> wrong = new ArrayList<>();
        for (long p = firstPassenger; p < firstPassenger + bookings; p++) {
            List<Call> calls = telegram.calls(p);
            List<String> got = calls.stream().map(Call::method).toList();
            if (!got.equals(List.of("sendMessage", "answerCallbackQuery", "sendMessage"))
                    || !calls.get(0).text().startsWith("Проверьте заявку") || !calls.get(2).text().startsWith("Место забронировано!")) {
                wrong.add(p + " " + TelegramSide.texts(calls));
            }
        }
        for (long d = firstDriver; d < firstDriver + drivers(); d++) {
            List<Call> calls = telegram.calls(d);
            Set<String> distinct = new HashSet<>();
            calls.forEach(call -> distinct.add(call.text()));
            int expected = Math.min(SEATS_PER_TRIP, bookings - (int) (d - firstDriver) * SEATS_PER_TRIP);
            if (calls.size() != expected || distinct.size() != expected
                    || !calls.stream().allMatch(call -> call.text().startsWith("Новый пассажир"))) {
                wrong.add("driver " + d + " " + TelegramSide.texts(calls));
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " chats got other messages"
                + " than their dialog's, or some twice");
        // a booking is announced confirmed when seated at once, requested then confirmed when a concurrent booking
        // took the seats of the trip it was first matched to
        System.out.printf("[faults] %d bookings on %s -> %s: each once in taxi.booking, confirmed once (%d records on"
                        + " taxi.bookings: %d requested first, %d repeats dropped by ce_id), every chat told once, outbox"
                        + " empty, no lag; webhook refusals retried: %s%n", bookings, route.from(), route.to(),
                announced.records(), announced.requested().size(),
                announced.records() - bookings - announced.requested().size(), telegram.refusals);
    }

    record Announcements(Set<String> requested, Set<String> confirmed, int records) {
    }

    /** The events of this rush's bookings on taxi.bookings, by ce_id (a relay may publish one twice; consumers drop it). */
    private Announcements announcements() {
        Set<String> passengersBookings = new HashSet<>();
        try (Connection c = system.postgres.connect(); PreparedStatement q = c.prepareStatement(
                "SELECT id::text FROM taxi.booking WHERE passenger_chat_id BETWEEN ? AND ?")) {
            q.setLong(1, firstPassenger);
            q.setLong(2, firstPassenger + bookings - 1);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    passengersBookings.add(r.getString(1));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Set<String> requested = new HashSet<>();
        Set<String> confirmed = new HashSet<>();
        Map<String, Set<String>> confirmationsPerBooking = new HashMap<>();
        int records = 0;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TAXI_BOOKINGS, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(Topics.TAXI_BOOKINGS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (!passengersBookings.contains(record.key())) {
                        continue;
                    }
                    records++;
                    String id = header(record, "ce_id");
                    String type = header(record, "ce_type");
                    if (EventTypes.TAXI_BOOKING_REQUESTED.equals(type)) {
                        requested.add(id);
                    } else if (EventTypes.TAXI_BOOKING_CONFIRMED.equals(type)) {
                        confirmed.add(id);
                        confirmationsPerBooking.computeIfAbsent(record.key(), k -> new HashSet<>()).add(id);
                    }
                }
            }
        }
        confirmationsPerBooking.forEach((booking, ids) -> assertEquals(1, ids.size(), "confirmations of " + booking));
        return new Announcements(requested, confirmed, records);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private long count(String sql) throws Exception {
        try (Connection c = system.postgres.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private void awaitZero(String sql) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        long value;
        while ((value = count(sql)) != 0 && Instant.now().isBefore(deadline)) {
            FaultSystem.pause(500);
        }
        assertEquals(0, value, sql);
    }

    /** Waits until every group has consumed everything on the topics it reads; returns the lag left. */
    private long awaitNoLag(List<String> groups) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrapServers()))) {
            Instant deadline = Instant.now().plusSeconds(90);
            long lag;
            do {
                lag = 0;
                for (String group : groups) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    for (var entry : committed.entrySet()) {
                        if (entry.getValue() != null && !entry.getKey().topic().endsWith(".dlq")) {
                            lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                        }
                    }
                }
            } while (lag > 0 && Instant.now().isBefore(deadline) && sleep());
            return lag;
        }
    }

    /** The dead-letter topics that hold records, with how many. */
    private Map<String, Long> deadLetters() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var topic : admin.describeTopics(admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
                    .filter(name -> name.endsWith(".dlq")).toList()).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                topic.partitions().forEach(p -> ends.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<String, Long> records = new HashMap<>();
            admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).forEach((tp, end) -> {
                if (end.offset() > 0) {
                    records.merge(tp.topic(), end.offset(), Long::sum);
                }
            });
            return records;
        }
    }

    private static boolean sleep() {
        FaultSystem.pause(1_000);
        return true;
    }
}
