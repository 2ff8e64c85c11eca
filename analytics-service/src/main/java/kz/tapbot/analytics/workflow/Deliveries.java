package kz.tapbot.analytics.workflow;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import kz.tapbot.platform.cluster.ClusterLock;
import kz.tapbot.platform.http.LazyHttpClient;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * POSTs what workflows are owed: the event as JSON with X-TapBot-Signature: sha256=HMAC-SHA256(secret,
 * body); a delivery waits while an earlier one for the same booking is pending (in order per booking),
 * failures are retried with doubling pauses, every attempt is recorded, and a workflow whose target
 * keeps failing is paused (an operator resumes it). One instance delivers at a time (the cluster lock
 * analytics:workflow-deliveries), so a delivery is not POSTed twice side by side and the order per booking
 * holds across instances. Delivery is at least once: an instance that dies between a target's 2xx and
 * recording it leaves the delivery pending, and the next deliverer sends it again (same X-TapBot-Event-Id).
 */
@ApplicationScoped
public class Deliveries {

    private static final Logger LOG = Logger.getLogger(Deliveries.class);

    /** One owed delivery and where it goes. */
    private record Due(long id, UUID workflowId, String eventId, String eventType, String payload, int attempts,
                       String targetUrl, String secret) {
    }

    private final AgroalDataSource dataSource;
    private final Workflows workflows;
    private final Duration firstPause;
    private final Duration longestPause;
    private final int pauseAfter;
    private final LazyHttpClient http = new LazyHttpClient(
            () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build());
    private final ClusterLock cluster;

    Deliveries(AgroalDataSource dataSource, Workflows workflows, ClusterLock cluster,
               @ConfigProperty(name = "tapbot.analytics.workflows.first-retry", defaultValue = "1s") Duration firstPause,
               @ConfigProperty(name = "tapbot.analytics.workflows.longest-retry", defaultValue = "5m") Duration longestPause,
               @ConfigProperty(name = "tapbot.analytics.workflows.pause-after", defaultValue = "20") int pauseAfter) {
        this.dataSource = dataSource;
        this.workflows = workflows;
        this.firstPause = firstPause;
        this.longestPause = longestPause;
        this.pauseAfter = pauseAfter;
        this.cluster = cluster;
    }

    @Scheduled(every = "${tapbot.analytics.workflows.deliver-every:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void deliverDue() {
        cluster.runExclusively("workflow-deliveries", this::deliverDueNow);
    }

    private void deliverDueNow() {
        for (Due due : due()) {
            try {
                HttpResponse<Void> response = http.get().send(HttpRequest.newBuilder(URI.create(due.targetUrl()))
                        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                        .header("X-TapBot-Event-Id", due.eventId()).header("X-TapBot-Event-Type", due.eventType())
                        .header("X-TapBot-Signature", "sha256=" + sign(due.secret(), due.payload()))
                        .POST(HttpRequest.BodyPublishers.ofString(due.payload(), StandardCharsets.UTF_8)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    delivered(due, response.statusCode());
                } else {
                    failed(due, response.statusCode(), "HTTP " + response.statusCode());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failed(due, null, e.getClass().getSimpleName());
            }
        }
    }

    /** HMAC-SHA256 of the body with the workflow's secret, hex. */
    public static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Due> due() {
        String sql = "SELECT d.id, d.workflow_id, d.event_id, d.event_type, d.payload, d.attempts, w.target_url, w.secret"
                + " FROM analytics.workflow_delivery d JOIN analytics.workflow w ON w.id = d.workflow_id"
                + " WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND w.enabled AND NOT w.paused"
                + " AND NOT EXISTS (SELECT 1 FROM analytics.workflow_delivery e WHERE e.workflow_id = d.workflow_id"
                + " AND e.ordering_key = d.ordering_key AND e.status = 'pending' AND e.id < d.id)"
                + " ORDER BY d.id LIMIT 100";
        List<Due> due = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql);
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                due.add(new Due(r.getLong(1), r.getObject(2, UUID.class), r.getString(3), r.getString(4), r.getString(5),
                        r.getInt(6), r.getString(7), r.getString(8)));
            }
        } catch (SQLException e) {
            LOG.warnf("workflow deliveries unavailable: %s", e.getMessage());
        }
        return due;
    }

    private void delivered(Due due, int status) {
        workflows.update("UPDATE analytics.workflow_delivery SET status = 'delivered', attempts = attempts + 1,"
                + " last_status = ?, last_error = NULL, delivered_at = now() WHERE id = ?", status, due.id());
        workflows.update("UPDATE analytics.workflow SET consecutive_failures = 0 WHERE id = ?", due.workflowId());
    }

    private void failed(Due due, Integer status, String error) {
        long pause = Math.min(longestPause.toMillis(), firstPause.toMillis() << Math.min(due.attempts(), 20));
        workflows.update("UPDATE analytics.workflow_delivery SET attempts = attempts + 1, last_status = ?, last_error = ?,"
                + " next_attempt_at = now() + (? * interval '1 millisecond') WHERE id = ?", status, error, pause, due.id());
        workflows.update("UPDATE analytics.workflow SET consecutive_failures = consecutive_failures + 1,"
                + " paused = consecutive_failures + 1 >= ? WHERE id = ?", pauseAfter, due.workflowId());
        LOG.infof("delivery %d to a workflow failed (%s), retrying in %d ms", due.id(), error, pause);
    }
}
