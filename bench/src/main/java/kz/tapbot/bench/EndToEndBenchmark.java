package kz.tapbot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import kz.tapbot.testing.CpuTime;
import kz.tapbot.testing.TelegramBotApiStub;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark 2, end to end: a steady (open-loop) rate of updates from many chats holding taxi and apartment dialogs
 * (/start, free text such as "такси из Алматы в Астану завтра на 2 места", buttons, a shared phone, a question for
 * the AI) posted to bot-gateway's webhooks, through ai-service, taxi-service or apartment-service and back through the
 * gateway to the Bot API stub; the latency of each update is from the moment it was due to be posted to the moment
 * the stub received the bot's next message to that chat. Each chat waits for its answer and thinks 2-4 s before its
 * next step, as people do (and as Telegram's 1 message/s per chat allows). Baseline in the same run: the same rate
 * of records through three hops of the broker alone (produce -> consume and produce -> consume and produce -> consume
 * and POST to the stub), the hops a message takes from the gateway to its reply.
 *
 * <p>Besides the latency it reports where the time goes (the legs between the broker's timestamps of each chat's
 * records on bot.updates, bot.messages and bot.replies) and what each process spent in CPU per update, so that a
 * miss can be told from a machine that is simply full.
 *
 * <p>Settings (environment): BENCH_E2E_RATE (100 updates/s), BENCH_E2E_WARMUP_SECONDS (180), BENCH_E2E_SECONDS (60),
 * BENCH_E2E_BASELINE_SECONDS (20).
 */
public final class EndToEndBenchmark {

    static final String TAXI_TOKEN = "7200001:bench-e2e-taxi";
    static final String TAXI_SECRET = "bench-e2e-taxi-secret";
    static final String APARTMENTS_TOKEN = "7200002:bench-e2e-apartments";
    static final String APARTMENTS_SECRET = "bench-e2e-apartments-secret";
    private static final Set<String> SENDING = Set.of("sendMessage", "sendPhoto", "editMessageText");
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("dd.MM");
    private static final Duration NO_REPLY_AFTER = Duration.ofSeconds(30);

    private EndToEndBenchmark() {
    }

    public static void main(String[] args) {
        Harness.exitAfter(() -> measure());
    }

    private static void measure() throws Exception {
        int rate = Harness.setting("BENCH_E2E_RATE", 100);
        // six JVMs compiling their hot paths share the cores for minutes after start: measured before that, the
        // JIT's work is most of what is measured (at 10/s: 194 ms of CPU per update after 60 s, 104 after 180 s)
        int warmup = Harness.setting("BENCH_E2E_WARMUP_SECONDS", 180);
        // the rate climbs to its target over the first part of the warm-up, as a real bot's traffic does after a
        // deploy: started at full rate, the cold JVMs fell behind at once and the dialogs waiting for their replies
        // were replaced by new chats, whose first steps cost the most (a user's first update writes their profile)
        int ramp = Math.min(warmup, Harness.setting("BENCH_E2E_RAMP_SECONDS", 90));
        int seconds = Harness.setting("BENCH_E2E_SECONDS", 60);
        int baselineSeconds = Harness.setting("BENCH_E2E_BASELINE_SECONDS", 20);

        TelegramBotApiStub telegram = TelegramBotApiStub.start();
        Map<String, String> env = Harness.serviceEnv();
        List<ServiceUnderBench> services = new ArrayList<>();
        services.add(ServiceUnderBench.start("ai-service", "ai-service", env));
        services.add(ServiceUnderBench.start("taxi-service", "taxi-service", env));
        ServiceUnderBench apartments = ServiceUnderBench.start("apartment-service", "apartment-service", env);
        services.add(apartments);
        services.add(ServiceUnderBench.start("analytics-service", "analytics-service", env));
        Map<String, String> gatewayEnv = new java.util.HashMap<>(env);
        gatewayEnv.put("TAPBOT_TELEGRAM_API_URL", telegram.baseUrl());
        gatewayEnv.put("TAPBOT_BOTS_TAXI_TOKEN", TAXI_TOKEN);
        gatewayEnv.put("TAPBOT_BOTS_TAXI_SECRET", TAXI_SECRET);
        gatewayEnv.put("TAPBOT_BOTS_TAXI_MODE", "webhook");
        gatewayEnv.put("TAPBOT_BOTS_APARTMENTS_TOKEN", APARTMENTS_TOKEN);
        gatewayEnv.put("TAPBOT_BOTS_APARTMENTS_SECRET", APARTMENTS_SECRET);
        gatewayEnv.put("TAPBOT_BOTS_APARTMENTS_MODE", "webhook");
        // 100 updates/s over two bots is more than Telegram's 30 messages/s per bot: the per-bot pacing would
        // measure itself, not the pipeline (benchmark 3 measures it)
        gatewayEnv.put("TAPBOT_TELEGRAM_MAX_MESSAGES_PER_SECOND", "1000");
        ServiceUnderBench gateway = ServiceUnderBench.start("bot-gateway", "bot-gateway", gatewayEnv);
        services.add(gateway);
        seedListings(apartments);

        System.out.printf("baseline: %d records/s through 3 broker hops and a POST to the stub, %d s%n", rate, baselineSeconds);
        long[] baseline = BrokerHops.run(telegram, rate, Duration.ofSeconds(baselineSeconds));

        System.out.printf("dialogs: %d updates/s (reached over a %d s ramp from a tenth of it), %d s warm-up, then %d s"
                + " measured%n", rate, ramp, warmup, seconds);
        Map<String, Long> pids = Harness.processes(services, "this harness");
        Dialogs dialogs = new Dialogs(telegram, gateway.port(), rate, pids);
        Dialogs.Result result = dialogs.run(Duration.ofSeconds(ramp), Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds));
        services.forEach(ServiceUnderBench::close);

        double p50 = Figures.quantile(result.all(), 0.50) / 1e6;
        double p99 = Figures.quantile(result.all(), 0.99) / 1e6;
        double b50 = Figures.quantile(baseline, 0.50) / 1e6;
        double b99 = Figures.quantile(baseline, 0.99) / 1e6;
        Figures figures = new Figures("Benchmark 2: end to end (" + rate + " updates/s, open loop, " + seconds
                + " s measured after " + warmup + " s warm-up with a " + ramp + " s ramp, "
                + Runtime.getRuntime().availableProcessors() + " cores)");
        figures.atMost("webhook -> reply at the stub, p50", p50, 30, "ms", b50)
                .atMost("webhook -> reply at the stub, p99", p99, 150, "ms", b99)
                .info("max", Figures.quantile(result.all(), 1.0) / 1e6, "ms",
                        Figures.quantile(baseline, 1.0) / 1e6)
                .info("updates posted in the measured window", result.posted(), "", Double.NaN)
                .info("posted rate", result.posted() / (double) seconds, "/s", rate)
                .atMost("updates without a reply within 30 s", result.unanswered(), 0, "")
                .info("webhook answers other than 200 " + dialogs.refusals, result.refused(), "", Double.NaN)
                .info("taxi p50", Figures.quantile(result.taxi(), 0.50) / 1e6, "ms", b50)
                .info("taxi p99", Figures.quantile(result.taxi(), 0.99) / 1e6, "ms", b99)
                .info("apartments p50", Figures.quantile(result.apartments(), 0.50) / 1e6, "ms", b50)
                .info("apartments p99", Figures.quantile(result.apartments(), 0.99) / 1e6, "ms", b99)
                .info("free text p50", Figures.quantile(result.freeText(), 0.50) / 1e6, "ms", b50)
                .info("buttons p50", Figures.quantile(result.buttons(), 0.50) / 1e6, "ms", b50)
                .note("where the time goes (each leg's p50 / p99 from the broker's record timestamps, ms): " + legs(result))
                .note("baseline: the same rate through 3 hops of the broker alone (acks=all producers, default consumers)"
                        + " and a POST to the stub; ratio = value / baseline")
                .note("calls the stub received, by method and status: " + callsByMethod(telegram))
                .note("CPU ms per update posted in the measured window, by process (machine: all of it, PostgreSQL"
                        + " included): " + result.cpuPerUpdate())
                .note("chats: " + result.chats() + " (each a taxi or apartment dialog of 9 steps, 2-4 s between steps)")
                .note("the gateway ran with TAPBOT_TELEGRAM_MAX_MESSAGES_PER_SECOND=1000: 100 updates/s over two bots would be "
                        + "over Telegram's 30 messages/s per bot, which benchmark 3 measures")
                .print();
        telegram.close();
    }

    private static Map<String, Long> callsByMethod(TelegramBotApiStub telegram) {
        return telegram.calls().stream().collect(java.util.stream.Collectors.groupingBy(
                call -> call.method() + " " + call.status(), java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    private static String legs(Dialogs.Result result) {
        long[][] legs = HopTimes.read().legs(result.steps());
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < legs.length; i++) {
            text.append(i == 0 ? "" : "; ").append(HopTimes.LEGS[i]).append(' ')
                    .append(String.format("%.0f / %.0f", Figures.quantile(legs[i], 0.5), Figures.quantile(legs[i], 0.99)));
        }
        return text.append(" (").append(legs[0].length).append(" steps traced)").toString();
    }

    private static void seedListings(ServiceUnderBench apartments) throws Exception {
        HttpResponse<String> seeded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(apartments.url("/api/admin/seed?count=210")))
                .header("Authorization", "Bearer tapbot-local-admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (seeded.statusCode() != 200) {
            throw new IllegalStateException("seeding listings answered " + seeded.statusCode() + ": " + seeded.body());
        }
    }

    /** Many chats, each holding a dialog, posting at a fixed overall rate whatever the latency (open loop). */
    static final class Dialogs {

        /** {@code steps}: per measured step its chat, when it was due and when the stub had the reply (epoch ms). */
        record Result(long[] all, long[] taxi, long[] apartments, long[] freeText, long[] buttons, long posted,
                      long unanswered, long refused, long chats, List<long[]> steps, String cpuPerUpdate) {
        }

        private final TelegramBotApiStub telegram;
        private final int port;
        private final int rate;
        private final Map<Long, Chat> chats = new ConcurrentHashMap<>();
        private final PriorityQueue<Chat> idle = new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
        private final AtomicLong updateIds = new AtomicLong(System.currentTimeMillis() * 1000);
        private final AtomicLong nextChat = new AtomicLong(5_000_000_000L + (System.currentTimeMillis() / 1000 % 100_000) * 10_000);
        private final ExecutorService senders = Executors.newFixedThreadPool(16);
        private final ThreadLocal<LoopbackHttp> connections;
        private final List<long[]> samples = new ArrayList<>();
        private volatile long measureFrom = Long.MAX_VALUE;
        private volatile long measureUntil = Long.MAX_VALUE;
        private final AtomicLong posted = new AtomicLong();
        private final AtomicLong unanswered = new AtomicLong();
        private final AtomicLong refused = new AtomicLong();
        /** The webhook's answers other than 200 by status (0: no answer), for the report. */
        final Map<Integer, Long> refusals = new java.util.concurrent.ConcurrentSkipListMap<>();
        private final AtomicLong pendingInWindow = new AtomicLong();
        private final Map<String, Long> pids;
        private CpuTime cpuFrom;
        private CpuTime cpuUntil;
        private final long nanoOrigin = System.nanoTime();
        private final long wallOrigin = System.currentTimeMillis();

        Dialogs(TelegramBotApiStub telegram, int port, int rate, Map<String, Long> pids) {
            this.telegram = telegram;
            this.pids = pids;
            this.port = port;
            this.rate = rate;
            this.connections = ThreadLocal.withInitial(() -> new LoopbackHttp("127.0.0.1", port));
            telegram.onCall(this::received);
        }

        /** {@code ramp}: the rate climbs from a tenth of its target to all of it over this much of the warm-up. */
        Result run(Duration ramp, Duration warmup, Duration measured) throws InterruptedException {
            long start = System.nanoTime();
            measureFrom = start + warmup.toNanos();
            measureUntil = measureFrom + measured.toNanos();
            long next = start;
            long lastSweep = start;
            while (next < measureUntil) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (cpuFrom == null && next >= measureFrom) {
                    cpuFrom = CpuTime.now(pids);
                }
                post(next);
                double share = Math.min(1, 0.1 + 0.9 * (next - start) / Math.max(1.0, ramp.toNanos()));
                next += (long) (TimeUnit.SECONDS.toNanos(1) / (rate * share));
                if (next - lastSweep > TimeUnit.SECONDS.toNanos(1)) {
                    sweep(System.nanoTime());
                    lastSweep = next;
                }
            }
            cpuUntil = CpuTime.now(pids);
            long deadline = System.nanoTime() + NO_REPLY_AFTER.toNanos() + TimeUnit.SECONDS.toNanos(2);
            while (pendingInWindow.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                sweep(System.nanoTime());
            }
            sweep(Long.MAX_VALUE / 2);
            senders.shutdownNow();
            synchronized (samples) {
                return new Result(sorted(s -> true), sorted(s -> s[1] == 0), sorted(s -> s[1] == 1),
                        sorted(s -> s[2] == 0), sorted(s -> s[2] == 1), posted.get(), unanswered.get(), refused.get(),
                        chats.size(), samples.stream().map(s -> new long[] {s[3], s[4], s[5]}).toList(),
                        cpuPerUpdate());
            }
        }

        private String cpuPerUpdate() {
            return Harness.cpuPerEvent(cpuFrom, cpuUntil, posted.get(), 2);
        }

        /** A {@link System#nanoTime()} reading as epoch ms, to compare with the broker's record timestamps. */
        private long wallMillis(long nanos) {
            return wallOrigin + TimeUnit.NANOSECONDS.toMillis(nanos - nanoOrigin);
        }

        private long[] sorted(Function<long[], Boolean> filter) {
            return samples.stream().filter(filter::apply).mapToLong(s -> s[0]).sorted().toArray();
        }

        /** Posts the next step of an idle chat that is ready (or of a new chat), due at {@code due}. */
        private void post(long due) {
            Chat chat;
            synchronized (idle) {
                chat = !idle.isEmpty() && idle.peek().readyAt <= due ? idle.poll() : null;
            }
            if (chat == null) {
                long id = nextChat.incrementAndGet();
                chat = new Chat(id, id % 2 == 0 ? Bot.TAXI : Bot.APARTMENTS);
                chats.put(id, chat);
            }
            Chat stepping = chat;
            String update;
            boolean freeText;
            synchronized (stepping) {
                Step step = stepping.bot.steps.get(stepping.step);
                update = step.update(stepping, updateIds.incrementAndGet());
                freeText = step.freeText;
                stepping.due = due;
                stepping.freeText = freeText;
                stepping.inWindow = due >= measureFrom && due < measureUntil;
            }
            if (stepping.inWindow) {
                posted.incrementAndGet();
                pendingInWindow.incrementAndGet();
            }
            senders.execute(() -> {
                try {
                    int status = connections.get().post(stepping.bot.webhook, "X-Telegram-Bot-Api-Secret-Token: "
                            + stepping.bot.secret + "\r\n", update.getBytes(StandardCharsets.UTF_8));
                    if (status != 200) {
                        refused.incrementAndGet();
                        refusals.merge(status, 1L, Long::sum);
                    }
                } catch (Exception e) {
                    refused.incrementAndGet();
                    refusals.merge(0, 1L, Long::sum);
                }
            });
        }

        /** The stub received a call: the reply a chat waits for, or a further message of an earlier step. */
        private void received(Call call) {
            long now = System.nanoTime();
            if (!SENDING.contains(call.method()) || !call.delivered()) {
                return;
            }
            Chat chat = chats.get(call.chatId());
            if (chat == null) {
                return;
            }
            synchronized (chat) {
                chat.lastReply = call.params();
                if (chat.due == 0) {
                    return;
                }
                if (chat.inWindow) {
                    synchronized (samples) {
                        samples.add(new long[] {now - chat.due, chat.bot == Bot.TAXI ? 0 : 1, chat.freeText ? 0 : 1,
                                chat.id, wallMillis(chat.due), wallMillis(now)});
                    }
                    pendingInWindow.decrementAndGet();
                }
                chat.due = 0;
                chat.step++;
                if (chat.step >= chat.bot.steps.size()) {
                    return;
                }
                chat.readyAt = now + TimeUnit.MILLISECONDS.toNanos(ThreadLocalRandom.current().nextLong(2000, 4000));
            }
            synchronized (idle) {
                idle.add(chat);
            }
        }

        /** Chats that waited too long for their answer are given up (counted unanswered). */
        private void sweep(long now) {
            for (Chat chat : chats.values()) {
                synchronized (chat) {
                    if (chat.due != 0 && now - chat.due > NO_REPLY_AFTER.toNanos()) {
                        if (chat.inWindow) {
                            unanswered.incrementAndGet();
                            pendingInWindow.decrementAndGet();
                        }
                        chat.due = 0;
                        chat.step = chat.bot.steps.size();
                    }
                }
            }
        }
    }

    static final class Chat {
        final long id;
        final Bot bot;
        final String name = List.of("Асель", "Ерлан", "Жанар", "Бекзат", "Айгерим").get(ThreadLocalRandom.current().nextInt(5));
        int step;
        long due;
        long readyAt;
        boolean inWindow;
        boolean freeText;
        JsonNode lastReply;

        Chat(long id, Bot bot) {
            this.id = id;
            this.bot = bot;
        }

        /** The callback data of the last reply's first button starting with {@code prefix}, or null. */
        String button(String prefix) {
            if (lastReply == null) {
                return null;
            }
            for (JsonNode row : lastReply.path("reply_markup").path("inline_keyboard")) {
                for (JsonNode button : row) {
                    String data = button.path("callback_data").asText("");
                    if (data.startsWith(prefix)) {
                        return data;
                    }
                }
            }
            return null;
        }

        boolean asksForContact() {
            return lastReply != null && lastReply.at("/reply_markup/keyboard/0/0/request_contact").asBoolean(false);
        }
    }

    /** One step of a dialog: the update it posts, given the chat and the last reply. */
    record Step(boolean freeText, Function<Chat, String> text, String buttonPrefix) {
        static Step write(String text) {
            return new Step(true, chat -> text, null);
        }

        static Step write(Function<Chat, String> text) {
            return new Step(true, text, null);
        }

        /** Presses the last reply's first button with this prefix (its first button, or /start, when it has none). */
        static Step press(String prefix) {
            return new Step(false, null, prefix);
        }

        String update(Chat chat, long updateId) {
            if (text != null) {
                String written = text.apply(chat);
                return written == null ? contact(chat, updateId) : message(chat, updateId, written);
            }
            String data = chat.button(buttonPrefix);
            if (data == null) {
                data = chat.button("");
            }
            if (data == null) {
                return message(chat, updateId, "/start");
            }
            return """
                    {"update_id":%d,"callback_query":{"id":"q%d","data":"%s","chat_instance":"1",\
                    "from":{"id":%d,"is_bot":false,"first_name":"%s","language_code":"ru"},\
                    "message":{"message_id":5,"date":%d,"chat":{"id":%d,"type":"private"}}}}"""
                    .formatted(updateId, updateId, data, chat.id, chat.name, now(), chat.id);
        }

        private static String message(Chat chat, long updateId, String text) {
            return """
                    {"update_id":%d,"message":{"message_id":%d,"date":%d,"text":"%s",\
                    "from":{"id":%d,"is_bot":false,"first_name":"%s","language_code":"ru"},\
                    "chat":{"id":%d,"type":"private"}}}"""
                    .formatted(updateId, updateId % 100_000, now(), text, chat.id, chat.name, chat.id);
        }

        private static String contact(Chat chat, long updateId) {
            String phone = "8701" + String.format("%07d", chat.id % 10_000_000);
            return """
                    {"update_id":%d,"message":{"message_id":%d,"date":%d,\
                    "from":{"id":%d,"is_bot":false,"first_name":"%s","language_code":"ru"},\
                    "chat":{"id":%d,"type":"private"},\
                    "contact":{"phone_number":"%s","first_name":"%s","user_id":%d}}}"""
                    .formatted(updateId, updateId % 100_000, now(), chat.id, chat.name, chat.id, phone, chat.name, chat.id);
        }

        private static long now() {
            return System.currentTimeMillis() / 1000;
        }
    }

    private static String someDay(int fromDays, int toDays) {
        return DAY_MONTH.format(LocalDate.now(ZoneId.of("Asia/Almaty"))
                .plusDays(ThreadLocalRandom.current().nextInt(fromDays, toDays)));
    }

    private static final List<String> ROUTES = List.of("из Алматы в Астану", "из Караганды в Темиртау",
            "из Шымкента в Туркестан", "из Павлодара в Экибастуз", "из Астаны в Караганду");

    /** The two bots and the dialogs their chats hold. */
    enum Bot {
        TAXI("/telegram/taxi/webhook", TAXI_SECRET, List.of(
                Step.write("/start"),
                Step.write(chat -> "такси " + ROUTES.get((int) (chat.id % ROUTES.size())) + " "
                        + (chat.id % 3 == 0 ? "завтра на 2 места" : someDay(2, 40) + ", нас трое")),
                // shares the phone when asked for it (a null text is the contact), else starts over
                Step.write(chat -> chat.asksForContact() ? null : "/book"),
                Step.press("confirm"),
                Step.write("/book"),
                Step.press("city:"),
                Step.press("city:"),
                Step.press("date:"),
                Step.write("а можно ли с собакой?"))),
        APARTMENTS("/telegram/apartments/webhook", APARTMENTS_SECRET, List.of(
                Step.write("/start"),
                Step.write(chat -> {
                    LocalDate in = LocalDate.now(ZoneId.of("Asia/Almaty")).plusDays(30 + chat.id % 300);
                    return "квартира в " + (chat.id % 4 == 1 ? "Алматы" : "Астане") + " с " + DAY_MONTH.format(in)
                            + " по " + DAY_MONTH.format(in.plusDays(2)) + " на двоих до 30 тыс";
                }),
                Step.press("book:"),
                Step.press("bookok"),
                Step.write("квартира в Шымкенте"),
                Step.press("day:"),
                Step.press("day:"),
                Step.press("guests:"),
                Step.write("/mybookings")));

        final String webhook;
        final String secret;
        final List<Step> steps;

        Bot(String webhook, String secret, List<Step> steps) {
            this.webhook = webhook;
            this.secret = secret;
            this.steps = steps;
        }
    }

    /**
     * The baseline: records at the same rate through three hops of the broker alone, the last consumer POSTing each
     * to the stub as the gateway does; the latency is from the moment a record was due to the stub's receipt.
     */
    static final class BrokerHops {
        static long[] run(TelegramBotApiStub telegram, int rate, Duration duration) throws Exception {
            String[] topics = {"bench.e2e.hop1", "bench.e2e.hop2", "bench.e2e.hop3"};
            for (String topic : topics) {
                Harness.createTopic(topic, Harness.partitions("bot.updates"));
            }
            long[] latencies = new long[(int) (rate * duration.toSeconds() + 16)];
            AtomicLong received = new AtomicLong();
            long origin = System.nanoTime();
            telegram.onCall(call -> {
                if ("sendMessage".equals(call.method()) && call.text() != null && call.text().startsWith("hop:")) {
                    long due = Long.parseLong(call.text().substring(4));
                    int i = (int) received.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = System.nanoTime() - origin - due;
                    }
                }
            });
            String payload = "x".repeat(300);
            List<Thread> threads = new ArrayList<>();
            stopped = false;
            try (KafkaProducer<String, String> producer = producer()) {
                threads.add(relay(topics[0], topics[1], producer));
                threads.add(relay(topics[1], topics[2], producer));
                threads.add(sink(topics[2], telegram.baseUrl()));
                threads.forEach(Thread::start);
                // one record through the chain before the clock starts: every consumer has joined its group
                producer.send(new ProducerRecord<>(topics[0], "0", (System.nanoTime() - origin) + "|warm-up"));
                long joined = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.get() == 0 && System.nanoTime() < joined) {
                    Thread.sleep(50);
                }
                received.set(0);
                long period = TimeUnit.SECONDS.toNanos(1) / rate;
                long start = System.nanoTime();
                long end = start + duration.toNanos();
                long sent = 0;
                for (long next = start; next < end; next += period) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    long due = next - origin;
                    producer.send(new ProducerRecord<>(topics[0], String.valueOf(sent % 500), due + "|" + payload));
                    sent++;
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (received.get() < sent && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                stopped = true;
                for (Thread thread : threads) {
                    thread.join(5000);
                }
                int n = (int) Math.min(received.get(), latencies.length);
                long[] all = Arrays.copyOf(latencies, n);
                Arrays.sort(all);
                System.out.printf("baseline: %d sent, %d received at the stub%n", sent, received.get());
                return all;
            }
        }

        private static volatile boolean stopped;

        private static KafkaProducer<String, String> producer() {
            return Harness.stringProducer();
        }

        private static KafkaConsumer<String, String> consumer(String topic) {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Harness.KAFKA);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-e2e-" + topic);
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            // the topics are new with the broker: from the start, so no record is missed while the group forms
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
            consumer.subscribe(List.of(topic));
            return consumer;
        }

        private static Thread relay(String from, String to, KafkaProducer<String, String> producer) {
            return new Thread(() -> {
                try (KafkaConsumer<String, String> consumer = consumer(from)) {
                    while (!stopped) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            producer.send(new ProducerRecord<>(to, record.key(), record.value()));
                        }
                    }
                }
            }, "relay-" + from);
        }

        private static Thread sink(String from, String stubUrl) {
            return new Thread(() -> {
                URI uri = URI.create(stubUrl);
                try (KafkaConsumer<String, String> consumer = consumer(from);
                     LoopbackHttp http = new LoopbackHttp(uri.getHost(), uri.getPort())) {
                    while (!stopped) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                            String due = record.value().substring(0, record.value().indexOf('|'));
                            http.post("/bot" + TAXI_TOKEN + "/sendMessage", "", ("{\"chat_id\":" + record.key()
                                    + ",\"text\":\"hop:" + due + "\"}").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "sink-" + from);
        }
    }
}
