package kz.tapbot.analytics.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.analytics.collect.Fact;

/** analytics.workflow and its deliveries: what operators configured, and what each event owes them. */
@ApplicationScoped
public class Workflows {

    /** One delivery of one event to one workflow, as operators see it. */
    public record Delivery(long id, String eventId, String eventType, String status, int attempts, Integer lastStatus,
                           String lastError, Instant createdAt, Instant deliveredAt) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    Workflows(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public List<Workflow> all() {
        return query("SELECT * FROM analytics.workflow ORDER BY created_at");
    }

    public Optional<Workflow> find(UUID id) {
        List<Workflow> found = query("SELECT * FROM analytics.workflow WHERE id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public void save(Workflow w) {
        update("INSERT INTO analytics.workflow (id, name, event_types, target_url, secret, enabled, paused,"
                + " consecutive_failures) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
                + " event_types = excluded.event_types, target_url = excluded.target_url, secret = excluded.secret,"
                + " enabled = excluded.enabled, paused = excluded.paused, consecutive_failures = excluded.consecutive_failures,"
                + " updated_at = now()", w.id(), w.name(), w.eventTypes().toArray(new String[0]), w.targetUrl(), w.secret(),
                w.enabled(), w.paused(), w.consecutiveFailures());
    }

    public boolean delete(UUID id) {
        return update("DELETE FROM analytics.workflow WHERE id = ?", id) == 1;
    }

    /** Owes the event to every enabled workflow that wants it (in the caller's transaction); once per event. */
    public void enqueue(Fact f) {
        List<Workflow> wanting = all().stream().filter(w -> w.wants(f.eventType())).toList();
        if (wanting.isEmpty()) {
            return;
        }
        String payload = payload(f);
        String orderingKey = f.bookingId() != null ? f.bookingId() : String.valueOf(f.chatId());
        for (Workflow w : wanting) {
            update("INSERT INTO analytics.workflow_delivery (workflow_id, event_id, event_type, ordering_key, payload)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (workflow_id, event_id) DO NOTHING", w.id(), f.eventId(),
                    f.eventType(), orderingKey, payload);
        }
    }

    /** What n8n receives: the event's facts, never a text, a name or a phone number. */
    private String payload(Fact f) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", f.eventId());
        body.put("type", f.eventType());
        body.put("time", f.occurredAt().toString());
        body.put("topic", f.topic());
        body.put("bot", f.bot());
        body.put("service", f.service());
        body.put("bookingId", f.bookingId());
        body.put("status", f.status());
        body.put("city", f.city());
        body.put("route", f.route());
        body.put("amount", f.amount());
        body.values().removeIf(v -> v == null);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<Delivery> deliveries(UUID workflowId, int limit) {
        List<Delivery> found = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT * FROM analytics.workflow_delivery WHERE workflow_id = ? ORDER BY id DESC LIMIT ?")) {
            s.setObject(1, workflowId);
            s.setInt(2, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp delivered = r.getTimestamp("delivered_at");
                    found.add(new Delivery(r.getLong("id"), r.getString("event_id"), r.getString("event_type"),
                            r.getString("status"), r.getInt("attempts"), (Integer) r.getObject("last_status"),
                            r.getString("last_error"), r.getTimestamp("created_at").toInstant(),
                            delivered == null ? null : delivered.toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read deliveries", e);
        }
        return found;
    }

    private List<Workflow> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<Workflow> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Array types = r.getArray("event_types");
                    found.add(new Workflow(r.getObject("id", UUID.class), r.getString("name"),
                            Arrays.asList((String[]) types.getArray()), r.getString("target_url"), r.getString("secret"),
                            r.getBoolean("enabled"), r.getBoolean("paused"), r.getInt("consecutive_failures")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read workflows", e);
        }
    }

    int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i] instanceof String[] array ? c.createArrayOf("text", array) : params[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change workflows", e);
        }
    }
}
