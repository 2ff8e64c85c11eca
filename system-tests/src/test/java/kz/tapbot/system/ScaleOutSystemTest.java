package kz.tapbot.system;

import static kz.tapbot.system.TapBotSystem.TELEGRAM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import kz.tapbot.testing.KafkaTestBroker;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every service as two instances side by side (TapBotSystem's and a second one of each, same Kafka, PostgreSQL, Redis
 * and consumer groups): a few hundred mixed dialogs through both gateways (taxi bookings by buttons, some cancelled,
 * apartment bookings, short /start and /help chats); in the middle one instance of every service is killed with
 * SIGKILL and started again. Then: every booking exists exactly once, every user got every reply exactly once and
 * in order, every reminder went out once, the outboxes are empty and no consumer group has lag.
 */
class ScaleOutSystemTest {

    private static final ZoneId ALMATY = ZoneId.of("Asia/Almaty");
    private static final Set<String> SENDING = Set.of("sendMessage", "sendPhoto", "editMessageText");
    /** Users in a dialog at any moment, each waiting for one answer at a time. */
    private static final int USERS_AT_ONCE = 32;
    private static final AtomicLong UPDATE_IDS = new AtomicLong(System.currentTimeMillis() * 1000);
    private static final String DB = System.getenv().getOrDefault("TAPBOT_TEST_DB_URL",
            "jdbc:postgresql://127.0.0.1:5432/tapbot_test");

    private final TapBotSystem system = TapBotSystem.get();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, ServiceProcess> second = new ConcurrentHashMap<>();
    private final AtomicReference<List<String>> gateways = new AtomicReference<>();
    /** What each chat was answered, step by step, as the user saw it. */
    private final Map<Long, List<Call>> answers = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    /** The longest a user waited for an answer (around the kill: the time to recover). */
    private final AtomicLong longestWaitMs = new AtomicLong();
    /** When the kill of one instance of every service began (null before). */
    private final AtomicReference<Instant> killedAt = new AtomicReference<>();
    /** When the last of them was dead: on a loaded host the five kills, one after the other, take seconds. */
    private final AtomicReference<Instant> allKilledAt = new AtomicReference<>();
    /**
     * Answers sent again because the gateway that sent them was killed before it could record the delivery: Telegram
     * answered it, the SIGKILL came before Redis heard of it, and the instance that took over cannot know. Any other
     * repeat is a duplicate.
     */
    private final Set<Call> inDoubtRepeats = Collections.synchronizedSet(new LinkedHashSet<>());

    private final long base = 800_000_000L + System.currentTimeMillis() % 50_000_000L * 10;

    @AfterEach
    void stopSecondInstances() {
        second.values().forEach(ServiceProcess::close);
    }

    @Test
    void twoInstancesOfEverythingKilledAndRestartedMidTrafficLoseNothingAndRepeatNothing() throws Exception {
        startSecondInstances();
        long driver = base;
        LocalDateTime departure = LocalDateTime.now(ALMATY).plusMinutes(90).truncatedTo(ChronoUnit.MINUTES);
        List<Long> passengers = chats(base + 1, 64);
        List<Long> cancelling = passengers.subList(0, 16);
        List<Long> guests = chats(base + 1_000, 40);
        List<Long> chatty = chats(base + 2_000, 100);
        String listing = prepareTaxiAndApartments(driver, departure);
        LocalDate firstNight = LocalDate.now(ALMATY).plusDays(40 + ThreadLocalRandom.current().nextInt(60));

        List<Dialog> dialogs = new ArrayList<>();
        for (long p : passengers) {
            dialogs.add(new Dialog(p, () -> bookATaxi(p, departure.toLocalDate(), cancelling.contains(p))));
        }
        for (int i = 0; i < guests.size(); i++) {
            long g = guests.get(i);
            LocalDate checkIn = firstNight.plusDays(2L * i);
            dialogs.add(new Dialog(g, () -> bookAnApartment(g, listing, checkIn, checkIn.plusDays(1))));
        }
        for (long c : chatty) {
            dialogs.add(new Dialog(c, () -> sayHello(c)));
        }
        Collections.shuffle(dialogs, new java.util.Random(base));

        ExecutorService users = Executors.newFixedThreadPool(USERS_AT_ONCE);
        List<Future<?>> running = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        Instant started = Instant.now();
        for (Dialog dialog : dialogs) {
            running.add(users.submit(() -> {
                try {
                    dialog.steps().run();
                } catch (RuntimeException | AssertionError e) {
                    printTranscript(dialog.chat());
                    throw e;
                }
                done.incrementAndGet();
            }));
        }
        // in the middle of the traffic: SIGKILL one instance of every service, then start them again
        while (done.get() < dialogs.size() / 3) {
            Thread.sleep(200);
        }
        killedAt.set(Instant.now());
        int doneAtKill = done.get();
        for (String name : List.copyOf(second.keySet())) {
            second.get(name).kill();
        }
        allKilledAt.set(Instant.now());
        gateways.set(List.of(system.webhookGateway.url("/telegram/%s/webhook")));
        Thread.sleep(3_000);
        startSecondInstances();
        Instant restarted = Instant.now();
        for (Future<?> dialog : running) {
            dialog.get(10, TimeUnit.MINUTES);
        }
        users.shutdown();
        Instant finished = Instant.now();

        // every booking exactly once, in the state its dialog left it
        Map<Long, List<String>> taxiBookings = rows("SELECT passenger_chat_id, status FROM taxi.booking"
                + " WHERE passenger_chat_id BETWEEN ? AND ?", base + 1, base + 64);
        for (long p : passengers) {
            assertEquals(List.of(cancelling.contains(p) ? "cancelled" : "confirmed"), taxiBookings.get(p), "passenger " + p);
        }
        Map<Long, List<String>> stays = rows("SELECT guest_chat_id, status FROM apartments.stay"
                + " WHERE guest_chat_id BETWEEN ? AND ?", base + 1_000, base + 1_039);
        for (long g : guests) {
            assertEquals(List.of("confirmed"), stays.get(g), "guest " + g);
        }
        // every reminder once (one per passenger still booked; the job runs on both taxi instances every minute)
        List<Long> booked = passengers.stream().filter(p -> !cancelling.contains(p)).toList();
        for (long p : booked) {
            TELEGRAM.awaitCalls(c -> c.chatId() == p && c.delivered() && isReminder(c), 1, Duration.ofSeconds(150));
        }
        Thread.sleep(2_000);
        int reminders = 0;
        for (long p : passengers) {
            // the job sends each reminder once; the gateway killed while sending one left its delivery unrecorded
            int count = firstCopies(TELEGRAM.calls(c -> c.chatId() == p && c.delivered() && isReminder(c))).size();
            assertTrue(count == (cancelling.contains(p) ? count : 1) && count <= 1, p + " got " + count + " reminders");
            reminders += count;
        }
        // every reply exactly once and in order: what was delivered to each chat is what its user saw, step by step
        int replies = 0;
        int duplicates = 0;
        int reorders = 0;
        for (Map.Entry<Long, List<Call>> chat : answers.entrySet()) {
            List<Call> delivered = TELEGRAM.calls(c -> c.chatId() == chat.getKey() && SENDING.contains(c.method())
                    && c.delivered() && !isReminder(c));
            replies += delivered.size();
            // a repeat at the kill may also come after the chat's last step, when its user no longer waited
            List<Call> firstCopies = firstCopies(delivered);
            List<Call> seen = chat.getValue().stream().filter(c -> !inDoubtRepeats.contains(c)).toList();
            duplicates += firstCopies.size() - new HashSet<>(firstCopies.stream().map(c -> c.method() + c.params())
                    .toList()).size();
            if (!firstCopies.equals(seen)) {
                reorders++;
                System.out.println("[scale-out] chat " + chat.getKey() + " saw " + texts(seen) + " but got " + texts(delivered));
            }
        }
        // nothing left behind: empty outboxes, no lag in any consumer group
        awaitZero("SELECT (SELECT count(*) FROM taxi.outbox) + (SELECT count(*) FROM apartments.outbox)");
        long lag = awaitNoLag(List.of("bot-gateway", "ai-service", "taxi-service", "apartment-service",
                "analytics-service", "bot-gateway-local-chat"));

        System.out.printf("[scale-out] 2 instances of each service; %d dialogs (%d taxi bookings, %d cancelled, %d apartment"
                        + " bookings, %d short chats), %d replies, %d reminders; SIGKILL of one instance of every service"
                        + " after %d dialogs (the five kills took %d ms), restarted and ready %d s later; longest wait for an answer %d ms; traffic"
                        + " took %d s; duplicates %d, repeats of answers in flight at the kill %d, reorders %d,"
                        + " outbox 0, lag %d%n",
                dialogs.size(), passengers.size(), cancelling.size(), guests.size(), chatty.size(), replies, reminders,
                doneAtKill, Duration.between(killedAt.get(), allKilledAt.get()).toMillis(),
                Duration.between(killedAt.get(), restarted).toSeconds(), longestWaitMs.get(),
                Duration.between(started, finished).toSeconds(), duplicates, inDoubtRepeats.size(), reorders, lag);
        assertEquals(0, duplicates, "replies delivered twice");
        // at most the answers the killed gateway had in flight: one per chat, of the users waiting at that moment (how
        // many depends on the machine's speed: 0-3 on earlier machines, 4 on a slower one)
        Map<Long, Long> repeatsPerChat = inDoubtRepeats.stream()
                .collect(java.util.stream.Collectors.groupingBy(Call::chatId, java.util.stream.Collectors.counting()));
        assertTrue(repeatsPerChat.values().stream().allMatch(n -> n == 1),
                "an answer in flight at the kill sent again more than once in a chat: " + repeatsPerChat);
        assertTrue(inDoubtRepeats.size() <= USERS_AT_ONCE,
                "more answers sent again than could be in flight at the kill: " + texts(List.copyOf(inDoubtRepeats)));
        assertEquals(0, reorders, "chats whose replies differ from what their user saw");
        assertEquals(0, lag);
    }

    // --- the dialogs ---

    private record Dialog(long chat, Runnable steps) {
    }

    private void bookATaxi(long chat, LocalDate day, boolean thenCancel) {
        names.put(chat, "Пассажир" + (chat % 1000));
        write(chat, "taxi", "/book");
        press(chat, "taxi", "city:Pavlodar");
        press(chat, "taxi", "city:Ekibastuz");
        press(chat, "taxi", "date:" + day);
        press(chat, "taxi", "seats:1");
        contact(chat, "taxi", "+7701" + String.format("%07d", chat % 10_000_000));
        Call booked = press(chat, "taxi", "confirm");
        assertTrue(booked.text().startsWith("Место забронировано!"), chat + ": " + booked.text());
        if (thenCancel) {
            Call mine = write(chat, "taxi", "/mytrips");
            Call cancelled = press(chat, "taxi", TelegramChats.callbackData(mine, "cancel:"));
            assertTrue(cancelled.text().startsWith("Бронь отменена"), chat + ": " + cancelled.text());
        }
    }

    private void bookAnApartment(long chat, String listing, LocalDate checkIn, LocalDate checkOut) {
        names.put(chat, "Гость" + (chat % 1000));
        write(chat, "apartments", "квартира в Туркестане");
        press(chat, "apartments", "day:" + checkIn);
        press(chat, "apartments", "day:" + checkOut);
        press(chat, "apartments", "guests:1");
        press(chat, "apartments", "budget:50000");
        Call card = press(chat, "apartments", "wishes:skip");
        assertEquals("book:" + listing, TelegramChats.callbackData(card, "book:" + listing), TelegramChats.words(card));
        press(chat, "apartments", "book:" + listing);
        press(chat, "apartments", "bookok");
    }

    private void sayHello(long chat) {
        names.put(chat, "Гость" + (chat % 1000));
        String bot = chat % 2 == 0 ? "taxi" : "apartments";
        write(chat, bot, "/start");
        write(chat, bot, "/help");
    }

    private static boolean isReminder(Call call) {
        return call.text() != null && call.text().startsWith("Напоминание:");
    }

    // --- a Telegram user's side: send an update through either gateway, wait for the bot's answer ---

    private Call write(long chat, String bot, String text) {
        return exchange(chat, bot, """
                {"update_id": %d, "message": {"message_id": 1, "date": 1764064800, "text": "%s",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), text, chat, names.get(chat), chat));
    }

    private Call press(long chat, String bot, String data) {
        long id = UPDATE_IDS.incrementAndGet();
        return exchange(chat, bot, """
                {"update_id": %d, "callback_query": {"id": "q%d", "data": "%s", "chat_instance": "1",
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "message": {"message_id": 5, "date": 1764064800, "chat": {"id": %d, "type": "private"}}}}
                """.formatted(id, id, data, chat, names.get(chat), chat));
    }

    private Call contact(long chat, String bot, String phone) {
        return exchange(chat, bot, """
                {"update_id": %d, "message": {"message_id": 2, "date": 1764064800,
                  "from": {"id": %d, "is_bot": false, "first_name": "%s", "language_code": "ru"},
                  "chat": {"id": %d, "type": "private"},
                  "contact": {"phone_number": "%s", "first_name": "%s", "user_id": %d}}}
                """.formatted(UPDATE_IDS.incrementAndGet(), chat, names.get(chat), chat, phone, names.get(chat), chat));
    }

    /** Posts like Telegram does: to either gateway, again (the same update) until one answers 200. */
    private Call exchange(long chat, String bot, String update) {
        List<Call> seen = answers.computeIfAbsent(chat, c -> Collections.synchronizedList(new ArrayList<>()));
        int before = seen.size();
        Instant sent = Instant.now();
        String secret = bot.equals("taxi") ? TapBotSystem.TAXI_SECRET : TapBotSystem.APARTMENTS_SECRET;
        Instant deadline = Instant.now().plusSeconds(120);
        int attempt = (int) (chat % 2);
        while (true) {
            List<String> urls = gateways.get();
            String url = urls.get(attempt++ % urls.size()).formatted(bot);
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json").header("X-Telegram-Bot-Api-Secret-Token", secret)
                                .POST(HttpRequest.BodyPublishers.ofString(update)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200) {
                    break;
                }
            } catch (IOException e) {
                // that gateway is gone: Telegram would retry, and the Service would route to the other one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no gateway took the update of chat " + chat);
            }
            pause(250);
        }
        Call answer = awaitAnswer(chat, before);
        while (before > 0 && isRepeatOfAnAnswerInFlightAtTheKill(answer, seen.get(before - 1))) {
            inDoubtRepeats.add(answer);
            seen.add(answer);
            answer = awaitAnswer(chat, ++before);
        }
        seen.add(answer);
        longestWaitMs.accumulateAndGet(Duration.between(sent, Instant.now()).toMillis(), Math::max);
        return answer;
    }

    private static Call awaitAnswer(long chat, int index) {
        return TELEGRAM.awaitCalls(c -> c.chatId() == chat && SENDING.contains(c.method()) && c.delivered()
                && !isReminder(c), index + 1, Duration.ofSeconds(150)).get(index);
    }

    /** A chat's delivered calls without the repeats of answers in flight at the kill, which are counted as such. */
    private List<Call> firstCopies(List<Call> delivered) {
        List<Call> first = new ArrayList<>();
        for (Call call : delivered) {
            if (!first.isEmpty() && isRepeatOfAnAnswerInFlightAtTheKill(call, first.get(first.size() - 1))) {
                inDoubtRepeats.add(call);
            } else {
                first.add(call);
            }
        }
        return first;
    }

    /**
     * The same message again, the first copy delivered around the kills (the gateway may have died with it): from 2 s
     * before the first kill until 2 s after the last instance was dead.
     */
    private boolean isRepeatOfAnAnswerInFlightAtTheKill(Call answer, Call previous) {
        Instant kill = killedAt.get();
        if (kill == null) {
            return false;
        }
        Instant allDead = Optional.ofNullable(allKilledAt.get()).orElseGet(Instant::now);
        return answer.method().equals(previous.method()) && answer.params().equals(previous.params())
                && previous.at().isAfter(kill.minusSeconds(2)) && previous.at().isBefore(allDead.plusSeconds(2));
    }

    // --- setup ---

    private void startSecondInstances() throws Exception {
        List<Thread> starting = new ArrayList<>();
        for (String module : List.of("ai-service", "taxi-service", "apartment-service", "analytics-service", "bot-gateway")) {
            Map<String, String> env = new HashMap<>(module.equals("bot-gateway") ? system.webhook : system.common);
            // the embedded vector index belongs to one instance: the second one gets a directory of its own
            env.put("TAPBOT_VECTOR_DATA_DIR", "target/vectors-" + module + "-2-" + UUID.randomUUID());
            Thread start = new Thread(() -> second.put(module, ServiceProcess.start(module + "-2", module, env)));
            start.start();
            starting.add(start);
        }
        for (Thread start : starting) {
            start.join();
        }
        assertEquals(5, second.size(), "every second instance started");
        gateways.set(List.of(system.webhookGateway.url("/telegram/%s/webhook"),
                second.get("bot-gateway").url("/telegram/%s/webhook")));
    }

    /** A driver with trips from Pavlodar to Ekibastuz leaving in 90 minutes; three instant-book listings in Turkestan. */
    private String prepareTaxiAndApartments(long driver, LocalDateTime departure) throws Exception {
        try (Connection c = DriverManager.getConnection(DB, "tapbot", "tapbot"); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE taxi.booking SET status = 'cancelled' WHERE status IN ('requested', 'confirmed')"
                    + " AND from_city = 'Pavlodar'");
            s.executeUpdate("UPDATE taxi.trip SET status = 'cancelled' WHERE from_city = 'Pavlodar'");
            s.executeUpdate("UPDATE apartments.listing SET status = 'archived' WHERE city = 'Turkestan'");
        }
        names.put(driver, "Водитель");
        write(driver, "taxi", "/driver");
        write(driver, "taxi", "Водитель");
        write(driver, "taxi", "Hyundai Accent");
        write(driver, "taxi", "777PVL14");
        contact(driver, "taxi", "+77017770000");
        for (int i = 0; i < 8; i++) {
            post(system.taxi.url("/api/trips"), """
                    {"driverTelegramId": %d, "fromCity": "Pavlodar", "toCity": "Ekibastuz", "departure": "%s",
                     "seats": 8, "pricePerSeat": 3000}""".formatted(driver, departure.plusMinutes(i)));
        }
        answers.remove(driver);
        String run = UUID.randomUUID().toString();
        JsonNode imported = new com.fasterxml.jackson.databind.ObjectMapper().readTree(post(
                system.apartments.url("/api/listings/import"), """
                [{"externalId": "scale-%1$s-1", "title": "Квартира у мечети", "city": "Turkestan", "district": "Центр",
                  "address": "Тауке хана 1", "lat": 43.30, "lon": 68.25, "rooms": 2, "maxGuests": 4,
                  "pricePerNight": 12000, "amenities": ["wifi"], "description": "Тихая квартира", "instantBook": true,
                  "photos": []},
                 {"externalId": "scale-%1$s-2", "title": "Студия у рынка", "city": "Turkestan", "district": "Рынок",
                  "address": "Байдибек би 7", "lat": 43.29, "lon": 68.26, "rooms": 1, "maxGuests": 2,
                  "pricePerNight": 15000, "amenities": ["wifi"], "description": "Студия", "instantBook": true,
                  "photos": []}]""".formatted(run)));
        // listings added through one instance reach another's embedded index only by a rebuild (Qdrant shares them)
        post(second.get("apartment-service").url("/api/admin/reindex"), "");
        return imported.path("ids").get(0).asText();
    }

    private String post(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer tapbot-local-admin").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() / 100 == 2, url + " -> " + response.statusCode() + " " + response.body());
        return response.body();
    }

    private static List<Long> chats(long first, int count) {
        List<Long> chats = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chats.add(first + i);
        }
        return chats;
    }

    private static Map<Long, List<String>> rows(String sql, long from, long to) throws Exception {
        Map<Long, List<String>> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(DB, "tapbot", "tapbot"); PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, from);
            q.setLong(2, to);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    rows.computeIfAbsent(r.getLong(1), k -> new ArrayList<>()).add(r.getString(2));
                }
            }
        }
        return rows;
    }

    private static void awaitZero(String sql) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        long value;
        do {
            try (Connection c = DriverManager.getConnection(DB, "tapbot", "tapbot"); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery(sql)) {
                r.next();
                value = r.getLong(1);
            }
        } while (value != 0 && Instant.now().isBefore(deadline) && pause(500));
        assertEquals(0, value, sql);
    }

    /** Waits until every group has consumed everything on its topics; returns the lag left. */
    private static long awaitNoLag(List<String> groups) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
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
            } while (lag > 0 && Instant.now().isBefore(deadline) && pause(1_000));
            return lag;
        }
    }

    /** Everything the Bot API stub got for a chat that went wrong, beside what its user saw, step by step. */
    private void printTranscript(long chat) {
        System.out.println("[scale-out] chat " + chat + " failed; its user saw, step by step:");
        answers.getOrDefault(chat, List.of())
                .forEach(c -> System.out.println("[scale-out]   " + c.at() + " " + texts(List.of(c))));
        System.out.println("[scale-out] the Bot API stub got for it:");
        TELEGRAM.calls(c -> c.chatId() == chat)
                .forEach(c -> System.out.println("[scale-out]   " + c.at() + " " + c.status() + " " + texts(List.of(c))));
    }

    private static List<String> texts(List<Call> calls) {
        return calls.stream().map(c -> c.method() + ":" + (c.text() == null ? TelegramChats.words(c) : c.text())).toList();
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
