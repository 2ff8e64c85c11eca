package kz.tapbot.taxi;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kz.tapbot.testing.KafkaBrokerResource;
import kz.tapbot.testing.KafkaTestBroker;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads on /q/metrics: the lag of every consumer group of the service, the records in its
 * dead-letter topics, the outbox backlog and the age of its oldest row.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(OperatorMetricsTest.WithLagProbe.class)
class OperatorMetricsTest {

    static final String PROBE_TOPIC = "metrics.lag.probe";
    static final String PROBE_DLQ = "metrics.lag.probe.dlq";
    static final String PROBE_GROUP = "lag-probe";

    /** A second Kafka channel whose group never reads (nothing consumes it), refreshed every second. */
    public static final class WithLagProbe implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.messaging.incoming.lag-probe.connector", "smallrye-kafka",
                    "mp.messaging.incoming.lag-probe.topic", PROBE_TOPIC,
                    "mp.messaging.incoming.lag-probe.group.id", PROBE_GROUP,
                    "mp.messaging.incoming.lag-probe.dead-letter-queue.topic", PROBE_DLQ,
                    "tapbot.metrics.lag-interval", "1s");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void recordsAGroupHasNotReadShowAsItsLagAndDeadLettersAsTheDlqEndOffset() throws Exception {
        for (int i = 0; i < 3; i++) {
            KafkaTestBroker.send(new ProducerRecord<>(PROBE_TOPIC, "k" + i, "unread " + i));
        }
        KafkaTestBroker.send(new ProducerRecord<>(PROBE_DLQ, "k", "dead letter"));

        awaitMetric(Pattern.quote("tapbot_kafka_consumer_lag{group=\"" + PROBE_GROUP + "\",partition=\"") + "\\d+"
                + Pattern.quote("\",topic=\"" + PROBE_TOPIC + "\"}"), lag -> lag == 3);
        awaitMetric(Pattern.quote("tapbot_dlq_end_offset{topic=\"" + PROBE_DLQ + "\"}"), written -> written == 1);
        // the service's own channel: its dead-letter topic is watched even before anything was written to it
        awaitMetric(Pattern.quote("tapbot_dlq_end_offset{topic=\"bot.messages.dlq\"}"), written -> written >= 0);

        given().header("Authorization", "Bearer tapbot-local-admin").get("/api/trips").then().statusCode(200);
        String metrics = scrape();
        assertTrue(metrics.contains("http_server_requests_seconds_bucket{"), "HTTP latency with histogram buckets");
        // bot-messages runs with concurrency: its copies are the channels bot-messages$1, $2, ...
        assertTrue(metrics.contains("quarkus_messaging_message_failures_total{channel=\"bot-messages$1\"}"), metrics);
        assertTrue(metrics.contains("quarkus_messaging_message_acks_total{channel=\"bot-messages$1\"}"), metrics);
        assertTrue(metrics.contains("tapbot_bookings_total{service=\"taxi\",status=\"confirmed\"}"), metrics);
    }

    @Test
    void anOutboxRowThatWaitsShowsInTheBacklogWithItsAgeUntilItIsRelayed() throws Exception {
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            lockWaitingRow(holder);
            // the relay cannot delete the locked row (it reads it without a lock and then waits): it stays, two hours old
            awaitMetric("tapbot_outbox_backlog", rows -> rows >= 1);
            awaitMetric("tapbot_outbox_oldest_age_seconds", age -> age >= 7200);
            holder.commit();
        }
        awaitMetric("tapbot_outbox_oldest_age_seconds", age -> age < 7200);
    }

    /** An outbox row inserted two hours ago and held under a row lock; retried should the relay take it first. */
    private void lockWaitingRow(Connection holder) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            String ceId = "metrics-probe-" + UUID.randomUUID();
            try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO taxi.outbox (topic, record_key, ce_id, ce_type, ce_source, ce_time, data, created_at)"
                            + " VALUES ('metrics.outbox.probe', 'k', ?, 'kz.tapbot.test', '/tests', now(), '{}'::jsonb,"
                            + " now() - interval '2 hours')")) {
                insert.setString(1, ceId);
                insert.executeUpdate();
            }
            try (PreparedStatement lock = holder.prepareStatement("SELECT id FROM taxi.outbox WHERE ce_id = ? FOR UPDATE")) {
                lock.setString(1, ceId);
                try (ResultSet row = lock.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the relay always took the row before it could be locked");
    }

    private static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** Waits until the sum of the series matching the regex (over partitions, say) is as expected. */
    private static void awaitMetric(String series, DoublePredicate expected) throws InterruptedException {
        Pattern line = Pattern.compile("(?m)^" + series + " (\\S+)$");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Double last = null;
        while (System.nanoTime() < deadline) {
            Matcher m = line.matcher(scrape());
            double sum = 0;
            boolean found = false;
            while (m.find()) {
                sum += Double.parseDouble(m.group(1));
                found = true;
            }
            if (found) {
                last = sum;
                if (expected.test(sum)) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(series + " never as expected; last value " + last);
    }
}
