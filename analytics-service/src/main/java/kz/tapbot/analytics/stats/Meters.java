package kz.tapbot.analytics.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BiFunction;
import kz.tapbot.analytics.collect.Fact;

/**
 * The collected counters on /q/metrics for Prometheus: bookings_total by service, status and city,
 * messages_total by bot and direction, and the reply latency histogram (reply_latency_seconds), counted
 * once per event as it is first recorded.
 */
@ApplicationScoped
public class Meters {

    private final MeterRegistry registry;

    Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts a newly recorded event; the reply latency is measured when the second of a message and its
     * first text reply arrives (the topics are read independently, in any order).
     */
    void record(Fact f, BiFunction<String, String, Optional<Instant>> timeOf) {
        switch (f.topic()) {
            case "bot.updates" -> {
                messages(f.bot(), "in");
                timeOf.apply(f.replyKey(), "bot.replies").ifPresent(reply -> latency(f.bot(), f.occurredAt(), reply));
            }
            case "bot.replies" -> {
                if ("text".equals(f.status())) {
                    messages(f.bot(), "out");
                    if (f.replyKey() != null) {
                        Optional<Instant> earlier = timeOf.apply(f.replyKey(), "bot.replies")
                                .filter(at -> at.isBefore(f.occurredAt()));
                        if (earlier.isEmpty()) {
                            timeOf.apply(f.replyKey(), "bot.updates")
                                    .ifPresent(message -> latency(f.bot(), message, f.occurredAt()));
                        }
                    }
                }
            }
            case "taxi.bookings", "apartment.bookings" -> Counter.builder("bookings").description("booking changes")
                    .tag("service", f.service()).tag("status", String.valueOf(f.status()))
                    .tag("city", String.valueOf(f.city())).register(registry).increment();
            default -> {
            }
        }
    }

    private void latency(String bot, Instant message, Instant reply) {
        Duration latency = Duration.between(message, reply);
        if (!latency.isNegative()) {
            Timer.builder("reply.latency").description("user message to the bot's first reply").tag("bot", String.valueOf(bot))
                    .publishPercentileHistogram().register(registry).record(latency);
        }
    }

    private void messages(String bot, String direction) {
        Counter.builder("messages").description("messages in and out of the bots").tag("bot", String.valueOf(bot))
                .tag("direction", direction).register(registry).increment();
    }
}
