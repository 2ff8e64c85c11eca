package kz.tapbot.ai.memory;

import io.agroal.api.AgroalDataSource;
import io.opentelemetry.api.trace.Tracer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.ai.openai.OpenAiClient;
import kz.tapbot.ai.openai.OpenAiEmbedder;
import kz.tapbot.ai.openai.OpenAiSettings;
import kz.tapbot.ai.openai.OpenAiUnavailableException;
import kz.tapbot.vectors.CollectionOpening;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.TracedVectorStore;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStores;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.embedding.TextEmbedder;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The `conversations` vector collection (seed: payload user_id, timestamp, message_text, intent): every
 * message in and out with a text, embedded and upserted as it is stored in ai.dialog_message, which
 * stays the source of truth. The collection's size and distance follow the embedding model; when the
 * configured model differs from the one that built it, it is dropped and rebuilt from PostgreSQL.
 */
@ApplicationScoped
public class ConversationMemory {

    static final String COLLECTION = "conversations";
    static final String OPENAI_MODEL = "text-embedding-3-small";
    private static final Logger LOG = Logger.getLogger(ConversationMemory.class);
    private static final int REBUILD_BATCH = 500;
    /** The stored messages with a text, as they go into the collection. */
    private static final String STORED = "SELECT event_id, direction, bot, chat_id, user_id, text, intent, occurred_at"
            + " FROM ai.dialog_message WHERE text IS NOT NULL AND text <> ''";

    /** A remembered message and how close it is to the question. */
    public record Found(String eventId, long chatId, Long userId, String bot, String direction, String text,
                        String intent, Instant at, double score) {
    }

    /** What to look for: words, and optionally whose, when and which intent. */
    public record Query(String text, Long userId, Instant from, Instant to, String intent, int limit) {
    }

    private final AgroalDataSource dataSource;
    private final Optional<String> qdrantUrl;
    private final String dataDir;
    private final String model;
    /** Every message in and out is inserted into the graph: see tapbot.ai.vectors.conversations-ef-construct. */
    private final VectorStore.Graph graph;
    /** How often the embedded index commits: see tapbot.ai.vectors.conversations-commit-every. */
    private final Duration commitEvery;
    /** The collection, opened in the background as the service starts (see {@link CollectionOpening}). */
    private final CollectionOpening opening = new CollectionOpening(COLLECTION, () -> Quarkus.asyncExit(1));

    @Inject
    MeterRegistry metrics;

    @Inject
    Tracer tracer;
    private final TextEmbedder embedder;

    ConversationMemory(AgroalDataSource dataSource,
                       @ConfigProperty(name = "tapbot.ai.vectors.qdrant-url") Optional<String> qdrantUrl,
                       @ConfigProperty(name = "tapbot.ai.vectors.data-dir") String dataDir,
                       @ConfigProperty(name = "tapbot.ai.embedding.model") Optional<String> model,
                       @ConfigProperty(name = "tapbot.ai.vectors.conversations-ef-construct") int efConstruct,
                       @ConfigProperty(name = "tapbot.ai.vectors.conversations-commit-every") Duration commitEvery,
                       OpenAiSettings openAiSettings, OpenAiClient openAi) {
        this.dataSource = dataSource;
        this.qdrantUrl = qdrantUrl;
        this.dataDir = dataDir;
        // OpenAI's embeddings with a key, the in-process embedder without, unless a model is named
        this.model = model.filter(m -> !m.isBlank()).orElse(openAiSettings.enabled() ? OPENAI_MODEL : "ngram-768");
        this.embedder = embedderFor(this.model, openAi);
        this.graph = new VectorStore.Graph(VectorStore.Graph.DEFAULT.m(), efConstruct);
        this.commitEvery = commitEvery;
    }

    /**
     * Starts opening the collection, first of the startup observers: a message that comes before it is open waits
     * for it (a message waiting longer is retried in place, never dead-lettered as poison for it).
     */
    void open(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        opening.start(() -> {
            VectorStore store = new TracedVectorStore(
                    VectorStores.open(qdrantUrl.orElse(null), Path.of(dataDir), commitEvery), tracer);
            boolean rebuilt = false;
            if (!model.equals(builtWith().orElse(null)) || !exists(store)) {
                try {
                    rebuild(store);
                    rebuilt = true;
                } catch (RuntimeException e) {
                    // the service still serves messages; POST /api/admin/reindex-conversations builds it later
                    LOG.errorf("the conversations collection could not be built with %s: %s", model, e.getMessage());
                }
            }
            // created empty if the rebuild failed; if kept, changed graph parameters apply from the next start on
            store.createCollection(COLLECTION, embedder.dimensions(), VectorStore.Distance.COSINE, graph);
            if (!rebuilt) {
                try {
                    catchUp(store);
                } catch (RuntimeException e) {
                    // as a failed rebuild: the messages are in PostgreSQL, and the reindex embeds them
                    LOG.errorf("the last stored messages could not be embedded again: %s", e.getMessage());
                }
            }
            return store;
        });
    }

    public boolean isOpen() {
        return opening.isOpen();
    }

    void close(@Observes ShutdownEvent stopping) {
        opening.close();
    }

    /**
     * {@code text-embedding-3-small} (OpenAI, 1536 dimensions), or the in-process embedder: character
     * n-grams hashed to {@code ngram-N} dimensions (offline, any language).
     */
    static TextEmbedder embedderFor(String model, OpenAiClient openAi) {
        if (model.equals(OPENAI_MODEL)) {
            return new OpenAiEmbedder(openAi, OPENAI_MODEL, 1536);
        }
        if (!model.startsWith("ngram-")) {
            throw new IllegalArgumentException("unknown embedding model '" + model + "' (" + OPENAI_MODEL
                    + " or ngram-<size>)");
        }
        return new NgramEmbedder(Integer.parseInt(model.substring("ngram-".length())));
    }

    public String model() {
        return model;
    }

    /**
     * Remembers stored messages (their texts already masked) in one write; those without a text are skipped, and a
     * repeat replaces the same point.
     */
    public void remember(List<Stored> messages) {
        List<Stored> withText = messages.stream().filter(m -> m.text() != null && !m.text().isBlank()).toList();
        try {
            upsert(opening.store(), withText);
        } catch (OpenAiUnavailableException | org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException e) {
            // the messages are stored in PostgreSQL; POST /api/admin/reindex-conversations embeds them later
            LOG.warnf("%d message(s) not embedded now: %s", withText.size(), e.getMessage());
        }
    }

    public List<Found> search(Query query) {
        List<Filter> conditions = new ArrayList<>();
        if (query.userId() != null) {
            conditions.add(new Filter.Equals("user_id", String.valueOf(query.userId())));
        }
        if (query.intent() != null) {
            conditions.add(new Filter.Equals("intent", query.intent()));
        }
        if (query.from() != null || query.to() != null) {
            conditions.add(new Filter.Range("timestamp", query.from() == null ? null : (double) query.from().getEpochSecond(),
                    query.to() == null ? null : (double) query.to().getEpochSecond()));
        }
        List<Found> found = new ArrayList<>();
        float[] vector = embedder.embed(query.text());
        Filter filter = conditions.isEmpty() ? null : new Filter.All(conditions);
        for (VectorStore.ScoredPoint p : metrics.timer("tapbot.vector.search", "collection", COLLECTION)
                .record(() -> opening.store().search(COLLECTION, vector, filter, query.limit()))) {
            Map<String, Object> payload = p.payload();
            found.add(new Found((String) payload.get("event_id"), Long.parseLong((String) payload.get("chat_id")),
                    payload.get("user_id") == null ? null : Long.valueOf((String) payload.get("user_id")),
                    (String) payload.get("bot"), (String) payload.get("direction"), (String) payload.get("message_text"),
                    (String) payload.get("intent"),
                    Instant.ofEpochSecond(((Number) payload.get("timestamp")).longValue()),
                    Math.round(p.score() * 1000) / 1000.0));
        }
        return found;
    }

    /**
     * Forgets the messages with these event ids, and any other point filed under {@code userId} (a message embedded
     * whose row is gone already): the erasure of a user.
     */
    public void forget(long userId, List<String> eventIds) {
        VectorStore store = opening.store();
        if (!eventIds.isEmpty()) {
            store.delete(COLLECTION, eventIds.stream()
                    .map(id -> UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString()).toList());
        }
        Filter theirs = new Filter.Equals("user_id", String.valueOf(userId));
        float[] any = new float[embedder.dimensions()];
        any[0] = 1;
        for (int round = 0; round < 1000; round++) {
            List<String> left = store.search(COLLECTION, any, theirs, 100).stream().map(VectorStore.ScoredPoint::id).toList();
            if (left.isEmpty()) {
                return;
            }
            store.delete(COLLECTION, left);
        }
    }

    public long size() {
        return opening.store().count(COLLECTION);
    }

    /** Drops the collection and embeds every stored message again, recording the model that built it. */
    public synchronized int rebuild() {
        return rebuild(opening.store());
    }

    private int rebuild(VectorStore store) {
        store.dropCollection(COLLECTION);
        store.createCollection(COLLECTION, embedder.dimensions(), VectorStore.Distance.COSINE, graph);
        int indexed;
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(STORED
                + " ORDER BY occurred_at")) {
            indexed = embed(store, c, s);
            record(c);
        } catch (SQLException e) {
            throw new IllegalStateException("could not rebuild the conversations collection", e);
        }
        LOG.infof("conversations collection rebuilt with %s: %d messages", model, indexed);
        return indexed;
    }

    /**
     * What every start that keeps the collection does: embeds again the messages stored in the last three commit
     * intervals before the newest one. The embedded index commits every {@link #commitEvery}, so the service dying
     * (kill -9, its node lost) can take the writes since the last commit from it, while PostgreSQL has every message.
     * A message the index kept is replaced by the same point.
     */
    public int catchUp() {
        return catchUp(opening.store());
    }

    private int catchUp(VectorStore store) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(STORED
                + " AND stored_at >= (SELECT max(stored_at) FROM ai.dialog_message) - make_interval(secs => ?)"
                + " ORDER BY stored_at")) {
            s.setDouble(1, commitEvery.multipliedBy(3).toMillis() / 1000.0);
            int indexed = embed(store, c, s);
            if (indexed > 0) {
                LOG.infof("conversations collection: the last %d messages stored embedded again", indexed);
            }
            return indexed;
        } catch (SQLException e) {
            throw new IllegalStateException("could not embed the last stored messages again", e);
        }
    }

    /** The stored messages {@code select} finds (a query on {@link #STORED}), embedded in batches. */
    private int embed(VectorStore store, Connection c, PreparedStatement select) throws SQLException {
        int indexed = 0;
        select.setFetchSize(REBUILD_BATCH);
        c.setAutoCommit(false);
        try (ResultSet r = select.executeQuery()) {
            List<Stored> batch = new ArrayList<>();
            while (r.next()) {
                batch.add(new Stored(r.getString(1), r.getString(2), r.getString(3), r.getLong(4),
                        (Long) r.getObject(5), r.getString(6), r.getString(7), r.getTimestamp(8).toInstant()));
                if (batch.size() == REBUILD_BATCH) {
                    indexed += upsert(store, batch);
                    batch = new ArrayList<>();
                }
            }
            indexed += upsert(store, batch);
        }
        c.commit();
        c.setAutoCommit(true);
        return indexed;
    }

    /** A stored message on its way into the collection. */
    public record Stored(String eventId, String direction, String bot, long chatId, Long userId, String text,
                         String intent, Instant at) {
    }

    private int upsert(VectorStore store, List<Stored> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<float[]> vectors = embedder.embedAll(batch.stream().map(Stored::text).toList());
        List<VectorStore.Point> points = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Stored m = batch.get(i);
            points.add(point(m.eventId(), m.direction(), m.bot(), m.chatId(), m.userId(), m.text(), m.intent(), m.at(),
                    vectors.get(i)));
        }
        store.upsert(COLLECTION, points);
        return points.size();
    }

    private VectorStore.Point point(String eventId, String direction, String bot, long chatId, Long userId, String text,
                                    String intent, Instant at, float[] vector) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("event_id", eventId);
        payload.put("direction", direction);
        payload.put("bot", bot);
        payload.put("chat_id", String.valueOf(chatId));
        // in a private chat the chat is the user: replies are filed under the person they went to
        payload.put("user_id", String.valueOf(userId != null ? userId : chatId));
        payload.put("message_text", text);
        if (intent != null) {
            payload.put("intent", intent);
        }
        payload.put("timestamp", (double) at.getEpochSecond());
        String id = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8)).toString();
        return new VectorStore.Point(id, vector, payload);
    }

    private static boolean exists(VectorStore store) {
        try {
            store.count(COLLECTION);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Optional<String> builtWith() {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT model FROM ai.vector_collection WHERE name = ?")) {
            s.setString(1, COLLECTION);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the vector collections", e);
        }
    }

    private void record(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ai.vector_collection (name, model, size, distance)"
                + " VALUES (?, ?, ?, 'cosine') ON CONFLICT (name) DO UPDATE SET model = excluded.model,"
                + " size = excluded.size, built_at = now()")) {
            s.setString(1, COLLECTION);
            s.setString(2, model);
            s.setInt(3, embedder.dimensions());
            s.executeUpdate();
        }
    }
}
