package kz.tapbot.ai.answers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import kz.tapbot.vectors.CollectionOpening;
import kz.tapbot.vectors.TracedVectorStore;
import kz.tapbot.vectors.VectorStore;
import kz.tapbot.vectors.VectorStores;
import kz.tapbot.vectors.embedding.NgramEmbedder;
import kz.tapbot.vectors.embedding.TextEmbedder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The FAQ knowledge base: entries in ai.faq_entry (the seed faq/faq.json fills it when it is empty;
 * after that operators' edits and deletes stay), indexed in the `faq` vector collection and found by meaning. An entry is a
 * match only above a minimum similarity; below it, nobody pretends to know.
 */
@ApplicationScoped
public class KnowledgeBase {

    static final String COLLECTION = "faq";

    /** An entry and how close it is to the question. */
    public record Match(FaqEntry entry, double score) {
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;
    private final Optional<String> qdrantUrl;
    private final String dataDir;
    private final double minimumScore;
    private final TextEmbedder embedder = new NgramEmbedder(768);
    /**
     * The collection, opened and indexed in the background as the service starts (see {@link CollectionOpening}); a
     * question that comes first (the consumers start meanwhile) waits for it.
     */
    private final CollectionOpening opening = new CollectionOpening(COLLECTION, () -> Quarkus.asyncExit(1));

    @Inject
    MeterRegistry metrics;

    @Inject
    Tracer tracer;

    KnowledgeBase(AgroalDataSource dataSource, ObjectMapper json,
                  @ConfigProperty(name = "tapbot.ai.vectors.qdrant-url") Optional<String> qdrantUrl,
                  @ConfigProperty(name = "tapbot.ai.vectors.data-dir") String dataDir,
                  @ConfigProperty(name = "tapbot.ai.faq.minimum-score", defaultValue = "0.2") double minimumScore) {
        this.dataSource = dataSource;
        this.json = json;
        this.qdrantUrl = qdrantUrl;
        this.dataDir = dataDir;
        this.minimumScore = minimumScore;
    }

    /** Starts opening the collection, first of the startup observers: the FAQ seeded if empty, then indexed. */
    void open(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent started) {
        opening.start(() -> {
            VectorStore store = new TracedVectorStore(VectorStores.open(qdrantUrl.orElse(null), Path.of(dataDir)), tracer);
            seed();
            reindex(store);
            return store;
        });
    }

    public boolean isOpen() {
        return opening.isOpen();
    }

    void close(@Observes ShutdownEvent stopping) {
        opening.close();
    }

    /** The closest entry to a question, if it is close enough. */
    public Optional<Match> best(String question) {
        return search(question, 1).stream().filter(m -> m.score() >= minimumScore).findFirst();
    }

    public List<Match> search(String question, int limit) {
        List<Match> matches = new ArrayList<>();
        float[] vector = embedder.embed(question);
        for (VectorStore.ScoredPoint p : metrics.timer("tapbot.vector.search", "collection", COLLECTION)
                .record(() -> opening.store().search(COLLECTION, vector, null, limit))) {
            find((String) p.payload().get("key")).ifPresent(e -> matches.add(new Match(e,
                    Math.round(p.score() * 1000) / 1000.0)));
        }
        return matches;
    }

    public List<FaqEntry> all() {
        return query("SELECT * FROM ai.faq_entry ORDER BY key");
    }

    public Optional<FaqEntry> find(String key) {
        List<FaqEntry> found = query("SELECT * FROM ai.faq_entry WHERE key = ?", key);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Creates or replaces an entry; returns true when it was new. */
    public boolean put(FaqEntry e) {
        boolean created = find(e.key()).isEmpty();
        execute("INSERT INTO ai.faq_entry (key, question_ru, question_kk, question_en, answer_ru, answer_kk, answer_en,"
                + " keywords) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET question_ru = excluded.question_ru,"
                + " question_kk = excluded.question_kk, question_en = excluded.question_en, answer_ru = excluded.answer_ru,"
                + " answer_kk = excluded.answer_kk, answer_en = excluded.answer_en, keywords = excluded.keywords,"
                + " updated_at = now()", e.key(), e.question().get("ru"), e.question().get("kk"), e.question().get("en"),
                e.answer().get("ru"), e.answer().get("kk"), e.answer().get("en"), e.keywords() == null ? "" : e.keywords());
        index(e);
        return created;
    }

    public boolean delete(String key) {
        boolean existed = find(key).isPresent();
        execute("DELETE FROM ai.faq_entry WHERE key = ?", key);
        opening.store().delete(COLLECTION, List.of(pointId(key)));
        return existed;
    }

    /** Fills an empty knowledge base from faq/faq.json; once operators own it, their deletes stay deleted. */
    private void seed() {
        if (!all().isEmpty()) {
            return;
        }
        try (InputStream in = KnowledgeBase.class.getResourceAsStream("/faq/faq.json")) {
            List<FaqEntry> seed = json.readValue(in, new TypeReference<>() { });
            for (FaqEntry e : seed) {
                execute("INSERT INTO ai.faq_entry (key, question_ru, question_kk, question_en, answer_ru, answer_kk,"
                        + " answer_en, keywords) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING", e.key(),
                        e.question().get("ru"), e.question().get("kk"), e.question().get("en"), e.answer().get("ru"),
                        e.answer().get("kk"), e.answer().get("en"), e.keywords());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the FAQ seed", e);
        }
    }

    private void reindex(VectorStore store) {
        store.dropCollection(COLLECTION);
        store.createCollection(COLLECTION, embedder.dimensions(), VectorStore.Distance.COSINE);
        // one upsert, one commit of the index at start, not one per entry
        List<VectorStore.Point> points = all().stream().map(this::point).toList();
        if (!points.isEmpty()) {
            store.upsert(COLLECTION, points);
        }
    }

    private void index(FaqEntry e) {
        opening.store().upsert(COLLECTION, List.of(point(e)));
    }

    private VectorStore.Point point(FaqEntry e) {
        return new VectorStore.Point(pointId(e.key()), embedder.embed(e.searchText()), Map.of("key", e.key()));
    }

    private static String pointId(String key) {
        return UUID.nameUUIDFromBytes(("faq:" + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private List<FaqEntry> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<FaqEntry> found = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new FaqEntry(r.getString("key"),
                            Map.of("ru", r.getString("question_ru"), "kk", r.getString("question_kk"), "en",
                                    r.getString("question_en")),
                            Map.of("ru", r.getString("answer_ru"), "kk", r.getString("answer_kk"), "en",
                                    r.getString("answer_en")), r.getString("keywords")));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the knowledge base", e);
        }
    }

    private void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change the knowledge base", e);
        }
    }
}
