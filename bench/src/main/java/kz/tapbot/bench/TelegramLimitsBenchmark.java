package kz.tapbot.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import kz.tapbot.events.BotReply;
import kz.tapbot.events.Topics;
import kz.tapbot.testing.CpuTime;
import kz.tapbot.testing.TelegramBotApiStub;
import kz.tapbot.testing.TelegramBotApiStub.Call;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark 3, Telegram's limits: a burst of replies (10,000 by default) to 500 chats, 20 numbered replies each, put
 * on bot.replies at once as the domain services write them, against the Bot API stub enforcing 30 messages/s per bot
 * and 1 message/s per chat with 429 + retry_after as Telegram does. The stub records every call: the figures are the
 * 429s the gateway provoked, the sustained rate of delivered messages, the replies lost or sent twice, and whether
 * each chat got its replies in order. Baseline: Telegram's limit itself (30 messages/s per bot).
 *
 * <p>Settings (environment): BENCH_REPLIES (10000; fewer for a quick run), BENCH_CHATS (500).
 */
public final class TelegramLimitsBenchmark {

    private static final String TOKEN = "7300001:bench-limits-taxi";
    private static final double TELEGRAM_LIMIT = 30;

    private TelegramLimitsBenchmark() {
    }

    public static void main(String[] args) {
        Harness.exitAfter(() -> measure());
    }

    private static void measure() throws Exception {
        int replies = Harness.setting("BENCH_REPLIES", 10_000);
        int chats = Harness.setting("BENCH_CHATS", 500);
        int perChat = (replies + chats - 1) / chats;

        TelegramBotApiStub telegram = TelegramBotApiStub.start();
        telegram.enforceTelegramLimits(true);
        Map<String, String> env = Harness.serviceEnv();
        env.put("TAPBOT_TELEGRAM_API_URL", telegram.baseUrl());
        env.put("TAPBOT_BOTS_TAXI_TOKEN", TOKEN);
        env.put("TAPBOT_BOTS_TAXI_SECRET", "bench-limits-secret");
        env.put("TAPBOT_BOTS_TAXI_MODE", "webhook");
        ServiceUnderBench gateway = ServiceUnderBench.start("bot-gateway", "bot-gateway", env);
        Map<TopicPartition, Long> dlqBefore = Harness.endOffsets(Topics.BOT_REPLIES_DLQ);

        long firstChat = 6_000_000_000L + (System.currentTimeMillis() / 1000 % 100_000) * 1_000;
        Map<String, Long> pids = Harness.processes(List.of(gateway), "this harness (publisher and stub)");
        CpuTime cpuFrom = CpuTime.now(pids);
        System.out.printf("publishing %d replies to %d chats (%d each) on bot.replies ...%n", replies, chats, perChat);
        Instant published = publish(replies, chats, firstChat);
        System.out.printf("published in %d ms; waiting for the gateway to deliver them (about %d s at 29-30/s)%n",
                Duration.between(published, Instant.now()).toMillis(), replies / 29);

        long deadline = System.nanoTime() + Duration.ofSeconds(replies / 20 + 120).toNanos();
        long lastCount = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long delivered = telegram.calls(c -> c.delivered() && isOurs(c, firstChat, chats)).size();
            if (delivered >= replies) {
                break;
            }
            if (delivered != lastCount) {
                lastCount = delivered;
                lastProgress = System.nanoTime();
                System.out.printf("  %s: %d delivered%n", Instant.now(), delivered);
            } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(60).toNanos()) {
                System.out.println("  no progress for 60 s: giving up waiting");
                break;
            }
            Thread.sleep(10_000);
        }
        CpuTime cpuUntil = CpuTime.now(pids);
        long deliveredInTime = telegram.calls(c -> c.delivered() && isOurs(c, firstChat, chats)).size();
        Thread.sleep(2000);
        gateway.close();
        long dlq = Harness.total(Harness.endOffsets(Topics.BOT_REPLIES_DLQ)) - Harness.total(dlqBefore);

        List<Call> calls = telegram.calls(c -> isOurs(c, firstChat, chats));
        List<Call> delivered = calls.stream().filter(Call::delivered).toList();
        long tooMany = calls.stream().filter(c -> c.status() == 429).count();
        Map<Long, List<Integer>> perChatSeen = new HashMap<>();
        for (Call call : delivered) {
            perChatSeen.computeIfAbsent(call.chatId(), c -> new ArrayList<>()).add(sequence(call.text()));
        }
        long distinct = perChatSeen.values().stream().mapToLong(s -> s.stream().distinct().count()).sum();
        long duplicates = delivered.size() - distinct;
        long outOfOrder = perChatSeen.values().stream().filter(s -> !increasing(s)).count();
        double seconds = delivered.size() < 2 ? Double.NaN
                : Duration.between(delivered.get(0).at(), delivered.get(delivered.size() - 1).at()).toNanos() / 1e9;
        double sustained = (delivered.size() - 1) / seconds;
        int busiestSecond = busiestWindow(delivered, Duration.ofSeconds(1));
        double slowest10s = slowestWindow(delivered, Duration.ofSeconds(10));
        long chatTooSoon = chatGapsUnder(delivered, Duration.ofSeconds(1));

        Figures figures = new Figures("Benchmark 3: Telegram limits (" + replies + " replies to " + chats
                + " chats at once; the stub enforces 30/s per bot and 1/s per chat)");
        figures.atMost("429s provoked", tooMany, 0, "")
                .atLeast("sustained rate, first to last delivery", sustained, 29, "msg/s", TELEGRAM_LIMIT)
                .atLeast("slowest 10 s window", slowest10s, 29, "msg/s", TELEGRAM_LIMIT)
                .atMost("busiest 1 s window", busiestSecond, 30, "msg", TELEGRAM_LIMIT)
                .atMost("replies lost", replies - distinct, 0, "")
                .atMost("replies sent twice", duplicates, 0, "")
                .atMost("chats out of order", outOfOrder, 0, "")
                .atMost("sends to one chat < 1 s apart", chatTooSoon, 0, "")
                .info("replies on bot.replies.dlq", dlq, "", Double.NaN)
                .info("delivery time", seconds, "s", replies / TELEGRAM_LIMIT)
                .note("baseline: Telegram's limit, 30 messages/s per bot (ratio = value / 30)")
                .note("each 429: how long before it the stub had taken the 30th send before it (ms; the stub counts 30"
                        + " in any 1,000 ms): " + spansBefore429s(calls))
                .note("longest pauses between two deliveries (ms, at): " + longestPauses(delivered, 5))
                .note("CPU ms per delivered reply, from the publishing until all were seen delivered (looked for"
                        + " every 10 s), by process, idle work included: "
                        + Harness.cpuPerEvent(cpuFrom, cpuUntil, deliveredInTime, 3))
                .note("tightest 31 consecutive deliveries (ms from the 1st to the 31st; the gateway spaces them by"
                        + " 1,030 ms, the stub refuses under 1,000): " + tightestSpans(delivered, 31, 5))
                .print();
        telegram.close();
    }

    private static boolean isOurs(Call call, long firstChat, int chats) {
        return "sendMessage".equals(call.method()) && call.chatId() >= firstChat && call.chatId() < firstChat + chats;
    }

    private static Instant publish(int replies, int chats, long firstChat) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Future<?>> acks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = Harness.stringProducer()) {
            for (int i = 0; i < replies; i++) {
                long chat = firstChat + i % chats;
                int sequence = i / chats + 1;
                BotReply reply = new BotReply("taxi", chat, "reply #" + sequence + " to chat " + chat,
                        null, null, null, null, null, null);
                acks.add(producer.send(Harness.replyRecord(reply, json)));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
        return Instant.now();
    }

    private static int sequence(String text) {
        return Integer.parseInt(text.substring("reply #".length(), text.indexOf(' ', "reply #".length())));
    }

    private static boolean increasing(List<Integer> sequence) {
        for (int i = 1; i < sequence.size(); i++) {
            if (sequence.get(i) <= sequence.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** For each 429, the time from the 30th delivery before it to it, as the stub's clock read them. */
    private static List<Long> spansBefore429s(List<Call> calls) {
        List<Long> spans = new ArrayList<>();
        List<Instant> deliveries = new ArrayList<>();
        for (Call call : calls) {
            if (call.status() == 429 && deliveries.size() >= 30) {
                spans.add(Duration.between(deliveries.get(deliveries.size() - 30), call.at()).toMillis());
            } else if (call.delivered()) {
                deliveries.add(call.at());
            }
        }
        return spans;
    }

    private static List<String> longestPauses(List<Call> delivered, int how) {
        List<long[]> gaps = new ArrayList<>();
        for (int i = 1; i < delivered.size(); i++) {
            gaps.add(new long[] {Duration.between(delivered.get(i - 1).at(), delivered.get(i).at()).toMillis(), i});
        }
        gaps.sort((a, b) -> Long.compare(b[0], a[0]));
        return gaps.stream().limit(how).map(g -> g[0] + " (" + delivered.get((int) g[1]).at() + ")").toList();
    }

    /** The most deliveries in any window of this length (Telegram allows 30 in any second). */
    private static int busiestWindow(List<Call> delivered, Duration window) {
        int most = 0;
        int first = 0;
        for (int last = 0; last < delivered.size(); last++) {
            while (Duration.between(delivered.get(first).at(), delivered.get(last).at()).compareTo(window) >= 0) {
                first++;
            }
            most = Math.max(most, last - first + 1);
        }
        return most;
    }

    /** The shortest times from a delivery to the one {@code count - 1} after it, shortest first. */
    private static List<Long> tightestSpans(List<Call> delivered, int count, int shown) {
        List<Long> spans = new ArrayList<>();
        for (int i = 0; i + count - 1 < delivered.size(); i++) {
            spans.add(Duration.between(delivered.get(i).at(), delivered.get(i + count - 1).at()).toMillis());
        }
        return spans.stream().sorted().limit(shown).toList();
    }

    /** The lowest rate over consecutive windows of this length between the first and the last delivery. */
    private static double slowestWindow(List<Call> delivered, Duration window) {
        if (delivered.isEmpty()) {
            return Double.NaN;
        }
        Instant start = delivered.get(0).at();
        Instant end = delivered.get(delivered.size() - 1).at();
        double slowest = Double.POSITIVE_INFINITY;
        int index = 0;
        for (Instant from = start; !from.plus(window).isAfter(end); from = from.plus(window)) {
            Instant to = from.plus(window);
            int count = 0;
            while (index < delivered.size() && delivered.get(index).at().isBefore(to)) {
                count++;
                index++;
            }
            slowest = Math.min(slowest, count / (window.toNanos() / 1e9));
        }
        return slowest == Double.POSITIVE_INFINITY ? delivered.size() / (window.toNanos() / 1e9) : slowest;
    }

    private static long chatGapsUnder(List<Call> delivered, Duration gap) {
        Map<Long, Instant> last = new HashMap<>();
        long tooSoon = 0;
        for (Call call : delivered) {
            Instant previous = last.put(call.chatId(), call.at());
            if (previous != null && Duration.between(previous, call.at()).compareTo(gap) < 0) {
                tooSoon++;
            }
        }
        return tooSoon;
    }
}
