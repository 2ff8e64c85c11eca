package kz.tapbot.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kz.tapbot.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the time of a dialog step goes: after a run, the broker's own timestamps of each chat's records on
 * bot.updates (the gateway took the update), bot.messages (ai-service understood it) and bot.replies (the domain
 * service answered) split each step's latency into four legs, up to the stub's receipt of the reply.
 */
final class HopTimes {

    static final String[] LEGS = {"webhook -> bot.updates (gateway)", "bot.updates -> bot.messages (ai-service)",
            "bot.messages -> bot.replies (taxi/apartments)", "bot.replies -> stub (gateway sends)"};
    private static final String[] TOPICS = {Topics.BOT_UPDATES, Topics.BOT_MESSAGES, Topics.BOT_REPLIES};

    /** Per topic, per chat (the record key), the records' timestamps in ms, ascending. */
    private final List<Map<Long, long[]>> times = new ArrayList<>();

    private HopTimes() {
    }

    /** Reads the three topics from their beginning up to their current end. */
    static HopTimes read() {
        HopTimes hops = new HopTimes();
        for (String topic : TOPICS) {
            Map<TopicPartition, Long> end = Harness.endOffsets(topic);
            Map<Long, List<Long>> byChat = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = Harness.rawConsumer()) {
                consumer.assign(end.keySet());
                consumer.seekToBeginning(end.keySet());
                long read = 0;
                long total = Harness.total(end);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (read < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        read++;
                        Long chat = chat(record.key());
                        if (chat != null) {
                            byChat.computeIfAbsent(chat, c -> new ArrayList<>()).add(record.timestamp());
                        }
                    }
                }
            }
            Map<Long, long[]> sorted = new HashMap<>();
            byChat.forEach((chat, list) -> sorted.put(chat, list.stream().mapToLong(Long::longValue).sorted().toArray()));
            hops.times.add(sorted);
        }
        return hops;
    }

    /**
     * The four legs of each step (ms), given per step its chat, the moment it was due and the stub's receipt (epoch
     * ms); a step whose records are not all found is left out.
     */
    long[][] legs(List<long[]> steps) {
        List<long[]> legs = new ArrayList<>();
        for (long[] step : steps) {
            long chat = step[0];
            long at = step[1];
            long[] marks = new long[TOPICS.length + 2];
            marks[0] = at;
            boolean found = true;
            for (int t = 0; t < TOPICS.length && found; t++) {
                long next = first(times.get(t).get(chat), marks[t], step[2]);
                found = next >= 0;
                marks[t + 1] = next;
            }
            if (found) {
                marks[TOPICS.length + 1] = step[2];
                long[] leg = new long[LEGS.length];
                for (int i = 0; i < LEGS.length; i++) {
                    leg[i] = marks[i + 1] - marks[i];
                }
                legs.add(leg);
            }
        }
        long[][] byLeg = new long[LEGS.length][];
        for (int i = 0; i < LEGS.length; i++) {
            int leg = i;
            byLeg[i] = legs.stream().mapToLong(l -> l[leg]).sorted().toArray();
        }
        return byLeg;
    }

    /** The first timestamp in [from - 2 ms, until], or -1 (clocks are read in ms on both sides). */
    private static long first(long[] times, long from, long until) {
        if (times == null) {
            return -1;
        }
        int i = Arrays.binarySearch(times, from - 2);
        i = i < 0 ? -i - 1 : i;
        while (i > 0 && times[i - 1] >= from - 2) {
            i--;
        }
        return i < times.length && times[i] <= until ? times[i] : -1;
    }

    private static Long chat(byte[] key) {
        if (key == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(key, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
