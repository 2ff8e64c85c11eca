package kz.tapbot.ai.openai;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.list.ListCommands;
import io.quarkus.redis.datasource.list.Position;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/**
 * Work waiting for the model, in the Redis list queue:ai:requests (first in, first out). A worker
 * takes an item only while the global budget (requestsPerWindow per budgetWindow, counted in
 * rate:api:openai:budget:{window}) has room, and moves it to queue:ai:requests:processing while it
 * works; finished items are removed, and at start whatever a stopped instance left in processing goes
 * back to the head of the queue: a restart loses nothing that was queued.
 */
@ApplicationScoped
public class RequestQueue {

    public static final String QUEUE = "queue:ai:requests";
    public static final String PROCESSING = "queue:ai:requests:processing";

    private final ListCommands<String, String> lists;
    private final ValueCommands<String, Long> counters;
    private final KeyCommands<String> keys;
    private final Clock clock;
    private final int budget;
    private final long windowSeconds;

    RequestQueue(RedisDataSource redis, OpenAiSettings settings, Clock clock) {
        this.lists = redis.list(String.class);
        this.counters = redis.value(Long.class);
        this.keys = redis.key(String.class);
        this.clock = clock;
        this.budget = settings.requestsPerWindow();
        this.windowSeconds = Math.max(1, settings.budgetWindow().toSeconds());
    }

    public void add(String item) {
        lists.lpush(QUEUE, item);
    }

    /** The next item, if there is one and the budget has room for its model call. */
    public Optional<String> take() {
        if (lists.llen(QUEUE) == 0) {
            return Optional.empty();
        }
        long window = clock.instant().getEpochSecond() / windowSeconds;
        String key = "rate:api:openai:budget:" + window;
        long used = counters.incr(key);
        if (used == 1) {
            keys.expire(key, windowSeconds * 2);
        }
        if (used > budget) {
            return Optional.empty();
        }
        return Optional.ofNullable(lists.lmove(QUEUE, PROCESSING, Position.RIGHT, Position.LEFT));
    }

    public void done(String item) {
        lists.lrem(PROCESSING, 1, item);
    }

    /** An item that could not be finished now goes back to the head of the queue, for the next drain. */
    public void retryLater(String item) {
        lists.lrem(PROCESSING, 1, item);
        lists.rpush(QUEUE, item);
    }

    /** Puts back what a stopped instance was working on, ahead of everything else. */
    public int recover() {
        int moved = 0;
        while (lists.lmove(PROCESSING, QUEUE, Position.RIGHT, Position.RIGHT) != null) {
            moved++;
        }
        return moved;
    }

    public long waiting() {
        return lists.llen(QUEUE);
    }
}
