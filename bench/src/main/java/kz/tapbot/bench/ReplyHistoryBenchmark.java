package kz.tapbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.CpuTime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * What ai-service's dialog history of replies costs (not one of issue 10's six): ai-service alone, with the broker,
 * Redis and PostgreSQL, reads BENCH_REPLIES (4,000) replies published on bot.replies at BENCH_RATE (40) a second to
 * 500 chats, after BENCH_WARMUP (2,000) at the same rate. Each is stored in ai.dialog_message and embedded into the
 * `conversations` collection. Measured from the first reply published to the moment ai-service's consumer group
 * `ai-service-history` has committed the last one: CPU ms per reply of ai-service, the broker, Redis, this harness
 * and the whole machine (PostgreSQL included). Run in turns against another build with bench/compare.sh.
 */
public final class ReplyHistoryBenchmark {

    private static final String GROUP = "ai-service-history";
    private static final String[] TEXTS = {
        "Выберите дату поездки", "Ваша поездка забронирована: Алматы → Астана, 2 места, водитель Ерлан, +77011234567",
        "Сколько мест вам нужно?", "Бронь подтверждена: студия у вокзала, 28-30 ноября", "Бронь отменена.",
        "Қай күні барасыз?", "Your booking is confirmed: 2 nights in Almaty", "Выберите квартиру из списка ниже",
    };

    private ReplyHistoryBenchmark() {
    }

    public static void main(String[] args) {
        Harness.exitAfter(ReplyHistoryBenchmark::measure);
    }

    private static void measure() throws Exception {
        int replies = Harness.setting("BENCH_REPLIES", 4000);
        int rate = Harness.setting("BENCH_RATE", 40);
        int warmup = Harness.setting("BENCH_WARMUP", 2000);
        Harness.createTopic(Topics.BOT_REPLIES, 3);
        ServiceUnderBench ai = ServiceUnderBench.start("ai-service", "ai-service", Harness.serviceEnv());
        Map<String, Long> pids = Harness.processes(List.of(ai), "this harness");
        ObjectMapper json = new ObjectMapper();
        Random random = new Random(11);
        long chats = 8_000_000_000L + System.currentTimeMillis() % 1_000_000_000L;
        try (KafkaProducer<String, String> producer = Harness.stringProducer()) {
            System.out.printf("warm-up: %d replies at %d/s%n", warmup, rate);
            publish(producer, json, random, chats, warmup, rate);
            awaitCommitted(Duration.ofMinutes(5));
            System.out.printf("measured: %d replies at %d/s%n", replies, rate);
            CpuTime from = CpuTime.now(pids);
            long started = System.nanoTime();
            publish(producer, json, random, chats, replies, rate);
            Duration lag = awaitCommitted(Duration.ofMinutes(5));
            CpuTime until = CpuTime.now(pids);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%nReply history (%s, %d cores)%n", Instant.now(), Runtime.getRuntime().availableProcessors());
            System.out.printf("  %d replies at %d/s, all stored and committed %.1f s after the first was published"
                    + " (the last commit %.1f s after the last publish)%n", replies, rate, seconds, lag.toMillis() / 1000.0);
            System.out.println("  * CPU ms per reply, by process (machine: all of it, PostgreSQL included): "
                    + Harness.cpuPerEvent(from, until, replies, 3));
        }
    }

    private static void publish(KafkaProducer<String, String> producer, ObjectMapper json, Random random, long chats,
                                int count, int rate) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            long chat = chats + random.nextInt(500);
            String text = TEXTS[random.nextInt(TEXTS.length)] + " #" + i;
            BotReply reply = new BotReply(random.nextBoolean() ? "taxi" : "apartments", chat, text, null, null, null,
                    null, null, null);
            producer.send(Harness.replyRecord(reply, json));
        }
        producer.flush();
    }

    /** Waits until the group's committed offsets reach the topic's end; how long after this call that took. */
    private static Duration awaitCommitted(Duration atMost) throws Exception {
        long start = System.nanoTime();
        Map<TopicPartition, Long> end = Harness.endOffsets(Topics.BOT_REPLIES);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Harness.KAFKA))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get();
                long behind = end.entrySet().stream().mapToLong(e -> {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    return e.getValue() - (at == null ? 0 : at.offset());
                }).sum();
                if (behind <= 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                if (System.nanoTime() - start > atMost.toNanos()) {
                    throw new IllegalStateException(behind + " replies not stored after " + atMost);
                }
                Thread.sleep(50);
            }
        }
    }
}
