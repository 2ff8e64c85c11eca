package kz.tapbot.vectors.lucene;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.Payloads;
import kz.tapbot.vectors.VectorStore;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The embedded engine: one Lucene index per collection under the data directory, vectors in an HNSW
 * graph (KnnFloatVectorField), payload fields indexed for filtering (strings as terms, numbers as
 * points, geo points as LatLonPoint) and stored whole as JSON. Writes are committed at once.
 */
public final class LuceneVectorStore implements VectorStore {

    private static final String ID = "_id";
    private static final String VECTOR = "_vector";
    private static final String PAYLOAD = "_payload";
    private static final String META = "collection.json";
    /** HNSW is approximate: look at more candidates than asked for, keep the best. */
    private static final int MIN_CANDIDATES = 100;

    private final Path dataDir;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();

    public LuceneVectorStore(Path dataDir) {
        this.dataDir = dataDir;
    }

    private record Collection(IndexWriter writer, SearcherManager searchers, int size, Distance distance) {
    }

    @Override
    public synchronized void createCollection(String name, int size, Distance distance) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve(name));
            Path meta = dir.resolve(META);
            if (!Files.exists(meta)) {
                json.writeValue(meta.toFile(), Map.of("size", size, "distance", distance.name()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // takes the index's write.lock now, so a second instance on the same directory fails as it starts
        open(name);
    }

    @Override
    public synchronized void dropCollection(String name) {
        Collection open = collections.remove(name);
        try {
            if (open != null) {
                open.searchers().close();
                open.writer().close();
            }
            Path dir = dataDir.resolve(name);
            if (open == null) {
                refuseIfInUse(dir.resolve("index"));
            }
            if (Files.exists(dir)) {
                try (var paths = Files.walk(dir)) {
                    for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void upsert(String name, List<Point> points) {
        Collection collection = open(name);
        try {
            for (Point point : points) {
                if (point.vector().length != collection.size()) {
                    throw new IllegalArgumentException("collection " + name + " takes vectors of " + collection.size()
                            + " dimensions, got " + point.vector().length);
                }
                collection.writer().updateDocument(new Term(ID, point.id()), document(point, collection.distance()));
            }
            collection.writer().commit();
            collection.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String name, List<String> ids) {
        Collection collection = open(name);
        try {
            for (String id : ids) {
                collection.writer().deleteDocuments(new Term(ID, id));
            }
            collection.writer().commit();
            collection.searchers().maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ScoredPoint> search(String name, float[] vector, Filter filter, int limit) {
        Collection collection = open(name);
        try {
            IndexSearcher searcher = collection.searchers().acquire();
            try {
                Query restriction = filter == null ? null : query(filter);
                int candidates = Math.max(limit * 10, MIN_CANDIDATES);
                TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, vector, candidates, restriction), candidates);
                List<ScoredPoint> found = new ArrayList<>();
                for (ScoreDoc hit : top.scoreDocs) {
                    if (found.size() == limit) {
                        break;
                    }
                    Document doc = searcher.storedFields().document(hit.doc);
                    found.add(new ScoredPoint(doc.get(ID), similarity(hit.score, collection.distance()),
                            payload(doc.get(PAYLOAD))));
                }
                return found;
            } finally {
                collection.searchers().release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long count(String name) {
        Collection collection = open(name);
        try {
            IndexSearcher searcher = collection.searchers().acquire();
            try {
                return searcher.count(new MatchAllDocsQuery());
            } finally {
                collection.searchers().release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        for (Collection collection : collections.values()) {
            try {
                collection.searchers().close();
                collection.writer().close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        collections.clear();
    }

    private Collection open(String name) {
        return collections.computeIfAbsent(name, n -> {
            Path dir = dataDir.resolve(n);
            if (!Files.exists(dir.resolve(META))) {
                throw new IllegalArgumentException("no collection " + n + ": create it first");
            }
            try {
                Map<String, Object> meta = json.readValue(dir.resolve(META).toFile(), new TypeReference<>() { });
                IndexWriter writer = openWriter(dir.resolve("index"));
                return new Collection(writer, new SearcherManager(writer, null), ((Number) meta.get("size")).intValue(),
                        Distance.valueOf((String) meta.get("distance")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * One writer per index: Lucene's write.lock (a native OS file lock, refused at once and not awaited) keeps a
     * second store, in this process or another, from writing the same index and corrupting it.
     */
    private IndexWriter openWriter(Path index) throws IOException {
        FSDirectory directory = FSDirectory.open(index);
        try {
            return new IndexWriter(directory, new IndexWriterConfig().setCodec(new WideVectorsCodec()));
        } catch (LockObtainFailedException e) {
            directory.close();
            throw inUse(index, e);
        }
    }

    /** Deleting the files of an index another store has open would wreck it (Linux lets the files go regardless). */
    private void refuseIfInUse(Path index) throws IOException {
        if (!Files.exists(index)) {
            return;
        }
        try (FSDirectory directory = FSDirectory.open(index);
             Lock free = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            // nobody holds it; released again at once, then the caller deletes the files
        } catch (LockObtainFailedException e) {
            throw inUse(index, e);
        }
    }

    private IllegalStateException inUse(Path index, LockObtainFailedException cause) {
        return new IllegalStateException("the vector data directory " + dataDir.toAbsolutePath() + " is in use: its"
                + " index " + index.toAbsolutePath() + " is open in another store (another instance of this service?),"
                + " write.lock is held. Give each instance its own TAPBOT_VECTOR_DATA_DIR, or use Qdrant (QDRANT_URL)"
                + " for more than one replica", cause);
    }

    private Document document(Point point, Distance distance) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(ID, point.id(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, point.vector(), function(distance)));
        Map<String, Object> payload = point.payload() == null ? Map.of() : point.payload();
        Map<String, Object> stored = new LinkedHashMap<>();
        payload.forEach((key, value) -> {
            if (value instanceof GeoPoint geo) {
                doc.add(new LatLonPoint(key, geo.lat(), geo.lon()));
                stored.put(key, Map.of("lat", geo.lat(), "lon", geo.lon()));
            } else if (value instanceof Number number) {
                doc.add(new DoublePoint(key, number.doubleValue()));
                stored.put(key, value);
            } else if (value instanceof List<?> list) {
                list.forEach(item -> doc.add(new StringField(key, String.valueOf(item), Field.Store.NO)));
                stored.put(key, value);
            } else if (value != null) {
                doc.add(new StringField(key, String.valueOf(value), Field.Store.NO));
                stored.put(key, value);
            }
        });
        doc.add(new StoredField(PAYLOAD, json.writeValueAsString(stored)));
        return doc;
    }

    private static Query query(Filter filter) {
        if (filter instanceof Filter.Equals equals) {
            return new TermQuery(new Term(equals.key(), equals.value()));
        }
        if (filter instanceof Filter.Range range) {
            return DoublePoint.newRangeQuery(range.key(),
                    range.gte() == null ? Double.NEGATIVE_INFINITY : range.gte(),
                    range.lte() == null ? Double.POSITIVE_INFINITY : range.lte());
        }
        if (filter instanceof Filter.GeoRadius geo) {
            return LatLonPoint.newDistanceQuery(geo.key(), geo.lat(), geo.lon(), geo.radiusMeters());
        }
        BooleanQuery.Builder all = new BooleanQuery.Builder();
        if (filter instanceof Filter.ContainsAll contains) {
            contains.values().forEach(v -> all.add(new TermQuery(new Term(contains.key(), v)), BooleanClause.Occur.FILTER));
        } else if (filter instanceof Filter.All conditions) {
            conditions.conditions().forEach(c -> all.add(query(c), BooleanClause.Occur.FILTER));
        }
        all.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
        return all.build();
    }

    private static VectorSimilarityFunction function(Distance distance) {
        return distance == Distance.COSINE ? VectorSimilarityFunction.COSINE
                : VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    }

    /** Lucene's scores back to the similarity Qdrant reports. */
    private static float similarity(float score, Distance distance) {
        if (distance == Distance.COSINE) {
            return 2 * score - 1;
        }
        return score >= 1 ? score - 1 : 1 - 1 / score;
    }

    private Map<String, Object> payload(String stored) throws IOException {
        Map<String, Object> raw = json.readValue(stored, new TypeReference<>() { });
        return Payloads.normalize(raw);
    }
}
