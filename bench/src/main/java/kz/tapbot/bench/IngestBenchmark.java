package kz.tapbot.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import kz.tapbot.testing.CpuTime;
import kz.tapbot.testing.TelegramBotApiStub;

/**
 * Benchmark 1, webhook ingest: updates/s that bot-gateway acknowledges (200 once Kafka acked the bot.updates record)
 * with 64 concurrent senders posting distinct updates of many chats to a webhook-mode bot, with p50/p99 latency;
 * against the raw Kafka producer on the same broker (org.apache.kafka.tools.ProducerPerformance, what
 * kafka-producer-perf-test runs) with the gateway's record size, acks and producer settings, into a topic of as
 * many partitions as bot.updates. A second baseline, for information: the same 64 senders as plain producers,
 * each waiting for its ack (what the gateway's Kafka step costs at that concurrency).
 *
 * <p>Settings (environment): BENCH_INGEST_SENDERS (64), BENCH_INGEST_WARMUP_SECONDS (90), BENCH_INGEST_SECONDS (30),
 * BENCH_INGEST_RAW_RECORDS (500000).
 */
public final class IngestBenchmark {

    private static final String SECRET = "bench-ingest-secret";
    private static final String TOKEN = "7100001:bench-ingest-token";
    private static final int CHATS = 100_000;
    private static final String UPDATE = """
            {"update_id":%d,"message":{"message_id":%d,"date":%d,"text":"такси из Алматы в Астану завтра на 2 места",\
            "from":{"id":%d,"is_bot":false,"first_name":"Асель","username":"asel_%d","language_code":"ru"},\
            "chat":{"id":%d,"type":"private","first_name":"Асель"}}}""";

    private IngestBenchmark() {
    }

    public static void main(String[] args) {
        Harness.exitAfter(() -> measure());
    }

    private static void measure() throws Exception {
        int senders = Harness.setting("BENCH_INGEST_SENDERS", 64);
        // 15 s left the C2 compiler busy with 29% of the gateway's CPU in the counted window on a slow machine;
        // after 90 s, 4%
        int warmup = Harness.setting("BENCH_INGEST_WARMUP_SECONDS", 90);
        int seconds = Harness.setting("BENCH_INGEST_SECONDS", 30);
        int rawRecords = Harness.setting("BENCH_INGEST_RAW_RECORDS", 500_000);

        TelegramBotApiStub telegram = TelegramBotApiStub.start();
        Map<String, String> env = Harness.serviceEnv();
        env.put("TAPBOT_TELEGRAM_API_URL", telegram.baseUrl());
        env.put("TAPBOT_BOTS_TAXI_TOKEN", TOKEN);
        env.put("TAPBOT_BOTS_TAXI_SECRET", SECRET);
        env.put("TAPBOT_BOTS_TAXI_MODE", "webhook");
        ServiceUnderBench gateway = ServiceUnderBench.start("bot-gateway", "bot-gateway", env);

        System.out.printf("gateway: %d senders, %d s warm-up, then %d s measured%n", senders, warmup, seconds);
        Load load = new Load(gateway.port(), senders);
        load.run(Duration.ofSeconds(warmup));
        Map<String, Long> pids = Harness.processes(List.of(gateway), "senders (this harness)");
        Map<TopicPartition, Long> before = Harness.endOffsets("bot.updates");
        CpuTime cpuFrom = CpuTime.now(pids);
        Load.Result gw = load.run(Duration.ofSeconds(seconds));
        CpuTime cpuUntil = CpuTime.now(pids);
        Map<TopicPartition, Long> after = Harness.endOffsets("bot.updates");
        String cpuPerUpdate = Harness.cpuPerEvent(cpuFrom, cpuUntil, gw.ok, 3);
        long published = Harness.total(after) - Harness.total(before);
        RecordSize size = RecordSize.of(before, 2000);
        gateway.close();
        System.out.printf("gateway: %d acknowledged (200), %d other answers %s, %d records on bot.updates; record: %s%n",
                gw.ok, gw.other, load.otherStatuses, published, size);

        int partitions = Harness.partitions("bot.updates");
        String rawTopic = "bench.ingest.raw";
        Harness.createTopic(rawTopic, partitions);
        PerfTest raw = PerfTest.run(rawTopic, rawRecords, size.total());
        System.out.printf("raw producer (ProducerPerformance): %s%n", raw.summary);

        String concurrentTopic = "bench.ingest.concurrent";
        Harness.createTopic(concurrentTopic, partitions);
        Load.Result sync = ConcurrentProducer.run(concurrentTopic, senders, size, Duration.ofSeconds(Math.min(seconds, 15)));

        Figures figures = new Figures("Benchmark 1: webhook ingest (" + senders + " concurrent senders, " + seconds
                + " s measured after " + warmup + " s warm-up, " + Runtime.getRuntime().availableProcessors() + " cores)");
        figures.atLeast("gateway acknowledged updates/s", gw.rate(), 5000, "/s", raw.recordsPerSecond)
                .ratioAtLeast("gateway rate vs raw producer", gw.rate(), raw.recordsPerSecond, 0.5, "/s")
                .info("gateway p50 latency", gw.p50Millis(), "ms", raw.p50Millis)
                .atMost("gateway p99 latency", gw.p99Millis(), 20, "ms", raw.p99Millis)
                .atMost("gateway answers other than 200 " + load.otherStatuses, gw.other, 0, "")
                .info("records on bot.updates / acknowledged", published / (double) Math.max(1, gw.ok), "", Double.NaN)
                .info("64 sync producers: acked records/s (info)", sync.rate(), "/s", gw.rate())
                .info("64 sync producers: p99 ack latency (info)", sync.p99Millis(), "ms", gw.p99Millis())
                .note("record: " + size + "; raw producer: " + rawRecords + " records of " + size.total()
                        + " bytes, acks=all, enable.idempotence=true, linger.ms=1 (the gateway's EventPublisher settings), "
                        + partitions + " partitions")
                .note("CPU ms per acknowledged update in the measured window, by process (machine: all of it): "
                        + cpuPerUpdate)
                .note("raw producer line: " + raw.summary)
                .note("baseline column of the gateway latencies: ProducerPerformance's own p50/p99 (records queued at full speed)")
                .note("'64 sync producers' baseline column = the gateway's figure (ratio = sync producers / gateway)")
                .print();
        telegram.close();
    }

    /** Closed-loop senders posting updates to the taxi bot's webhook; latencies kept only for the measured run. */
    static final class Load {
        private final int port;
        private final int senders;
        private final AtomicLong updateIds = new AtomicLong(System.currentTimeMillis() * 1000);
        private final long firstChat = 910_000_000L;

        Load(int port, int senders) {
            this.port = port;
            this.senders = senders;
        }

        /** Statuses other than 200, with their counts, of the last run. */
        final Map<Integer, Long> otherStatuses = new java.util.concurrent.ConcurrentSkipListMap<>();

        record Result(long ok, long other, double seconds, long[] latencies) {
            double rate() {
                return ok / seconds;
            }

            double p50Millis() {
                return Figures.quantile(latencies, 0.50) / 1e6;
            }

            double p99Millis() {
                return Figures.quantile(latencies, 0.99) / 1e6;
            }
        }

        Result run(Duration duration) throws InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            AtomicLong ok = new AtomicLong();
            AtomicLong other = new AtomicLong();
            otherStatuses.clear();
            List<long[]> perThread = new ArrayList<>();
            int[] counts = new int[senders];
            CountDownLatch done = new CountDownLatch(senders);
            long started = System.nanoTime();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                long[][] latencies = {new long[1 << 14]};
                Thread thread = new Thread(() -> {
                    try (LoopbackHttp http = new LoopbackHttp("127.0.0.1", port)) {
                        String headers = "X-Telegram-Bot-Api-Secret-Token: " + SECRET + "\r\n";
                        while (System.nanoTime() < end) {
                            long id = updateIds.incrementAndGet();
                            long chat = firstChat + id % CHATS;
                            byte[] body = UPDATE.formatted(id, id % 100_000, System.currentTimeMillis() / 1000, chat,
                                    chat, chat).getBytes(StandardCharsets.UTF_8);
                            long t0 = System.nanoTime();
                            int status = http.post("/telegram/taxi/webhook", headers, body);
                            long took = System.nanoTime() - t0;
                            if (status == 200) {
                                ok.incrementAndGet();
                                if (counts[sender] == latencies[0].length) {
                                    latencies[0] = Arrays.copyOf(latencies[0], latencies[0].length * 2);
                                }
                                latencies[0][counts[sender]++] = took;
                            } else {
                                other.incrementAndGet();
                                otherStatuses.merge(status, 1L, Long::sum);
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                    } finally {
                        synchronized (perThread) {
                            perThread.add(Arrays.copyOf(latencies[0], counts[sender]));
                        }
                        done.countDown();
                    }
                }, "sender-" + s);
                thread.start();
            }
            done.await();
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(ok.get(), other.get(), seconds, all);
        }
    }

    /** The size of the bot.updates records the gateway wrote: key, value and headers, averaged over a sample. */
    record RecordSize(int key, int value, int headers, int headerCount, byte[] sampleKey, byte[] sampleValue,
                      List<Header> sampleHeaders) {
        int total() {
            return key + value + headers;
        }

        static RecordSize of(Map<TopicPartition, Long> from, int sample) {
            try (KafkaConsumer<byte[], byte[]> consumer = Harness.rawConsumer()) {
                consumer.assign(from.keySet());
                from.forEach(consumer::seek);
                long keys = 0;
                long values = 0;
                long headers = 0;
                int count = 0;
                int headerCount = 0;
                ConsumerRecord<byte[], byte[]> first = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (count < sample && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (first == null) {
                            first = record;
                        }
                        keys += record.key() == null ? 0 : record.key().length;
                        values += record.value().length;
                        for (Header header : record.headers()) {
                            headers += header.key().length() + (header.value() == null ? 0 : header.value().length);
                        }
                        headerCount = record.headers().toArray().length;
                        count++;
                    }
                }
                if (first == null) {
                    throw new IllegalStateException("no record on bot.updates to measure");
                }
                return new RecordSize((int) (keys / count), (int) (values / count), (int) (headers / count), headerCount,
                        first.key(), first.value(), Arrays.asList(first.headers().toArray()));
            }
        }

        @Override
        public String toString() {
            return String.format("%d bytes = key %d + value %d + %d headers %d", total(), key, value, headerCount, headers);
        }
    }

    /** org.apache.kafka.tools.ProducerPerformance in a JVM of its own, as kafka-producer-perf-test runs it. */
    record PerfTest(double recordsPerSecond, double p50Millis, double p99Millis, String summary) {
        private static final Pattern FINAL = Pattern.compile(
                "(\\d+) records sent, ([\\d.]+) records/sec .*?, ([\\d.]+) ms 50th, ([\\d.]+) ms 95th, ([\\d.]+) ms 99th");

        static PerfTest run(String topic, int records, int recordSize) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx512m",
                    "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", System.getProperty("java.class.path"),
                    "org.apache.kafka.tools.ProducerPerformance", "--topic", topic, "--num-records", String.valueOf(records),
                    "--record-size", String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
                    "bootstrap.servers=" + Harness.KAFKA, "acks=all", "enable.idempotence=true", "linger.ms=1")
                    .redirectErrorStream(true);
            Process process = builder.start();
            String last = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("  ProducerPerformance: " + line);
                    if (FINAL.matcher(line).find()) {
                        last = line;
                    }
                }
            }
            process.waitFor();
            if (last == null) {
                throw new IllegalStateException("ProducerPerformance printed no summary");
            }
            Matcher m = FINAL.matcher(last);
            m.find();
            return new PerfTest(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(5)), last.trim());
        }
    }

    /** {@code senders} threads, each sending one record of the gateway's size and waiting for its ack. */
    static final class ConcurrentProducer {
        static Load.Result run(String topic, int senders, RecordSize size, Duration duration) throws Exception {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Harness.KAFKA);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                AtomicLongArray sent = new AtomicLongArray(1);
                long end = System.nanoTime() + duration.toNanos();
                List<long[]> perThread = new ArrayList<>();
                CountDownLatch done = new CountDownLatch(senders);
                long started = System.nanoTime();
                for (int s = 0; s < senders; s++) {
                    int sender = s;
                    new Thread(() -> {
                        long[] latencies = new long[1 << 14];
                        int count = 0;
                        try {
                            long n = sender;
                            while (System.nanoTime() < end) {
                                byte[] key = String.valueOf(910_000_000L + n % CHATS).getBytes(StandardCharsets.UTF_8);
                                n += senders;
                                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key,
                                        size.sampleValue(), size.sampleHeaders());
                                long t0 = System.nanoTime();
                                producer.send(record).get();
                                if (count == latencies.length) {
                                    latencies = Arrays.copyOf(latencies, count * 2);
                                }
                                latencies[count++] = System.nanoTime() - t0;
                                sent.incrementAndGet(0);
                            }
                        } catch (Exception e) {
                            e.printStackTrace();
                        } finally {
                            synchronized (perThread) {
                                perThread.add(Arrays.copyOf(latencies, count));
                            }
                            done.countDown();
                        }
                    }).start();
                }
                done.await();
                double seconds = (System.nanoTime() - started) / 1e9;
                long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                return new Load.Result(sent.get(0), 0, seconds, all);
            }
        }
    }
}
