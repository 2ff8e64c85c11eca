package kz.tapbot.vectors.lucene;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import kz.tapbot.vectors.Filter;
import kz.tapbot.vectors.Payloads;
import kz.tapbot.vectors.VectorStore;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
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
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.VectorUtil;

/**
 * The embedded engine: one Lucene index per collection under the data directory, vectors in an HNSW
 * graph (KnnFloatVectorField), payload fields indexed for filtering (strings as terms, numbers as
 * points, geo points as LatLonPoint) and stored whole as JSON.
 *
 * <p>A write is seen by the next search at once (the searcher reopens from the writer when something changed) and
 * committed to disk within {@link #COMMIT_EVERY} by a background thread, and at close. Committing every write cost an
 * fsync per message in ai-service (about 75 ms each on the bench machine, the whole budget of a reply); what a crash
 * (kill -9, power loss) can take is the last second of writes, which live in PostgreSQL and come back with a reindex.
 */
public final class LuceneVectorStore implements VectorStore {

    static final String ID = "_id";
    static final String VECTOR = "_vector";
    static final String PAYLOAD = "_payload";
    private static final String META = "collection.json";
    /**
     * The metadata's key for the similarity Lucene scores the graph with. A cosine collection made since it was kept
     * stores unit vectors and is scored by their dot product, as Qdrant does: the same ranking and score, at less than
     * half the cost of Lucene's cosine (which takes both norms again on every comparison: 510 against 245 ns per pair
     * of 768 dimensions, measured here). A collection made before keeps Lucene's cosine: an index cannot change a
     * field's similarity.
     */
    private static final String SCORED_BY = "lucene_similarity";
    /** How often writes are committed unless the store is opened with another interval. */
    public static final Duration COMMIT_EVERY = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(LuceneVectorStore.class.getName());
    /** The id and the payload again as doc values (fields of their own: an index keeps one schema per field). */
    private static final String ID_VALUE = "_id_value";
    private static final String PAYLOAD_VALUE = "_payload_value";
    private static final int MAX_DOC_VALUE_BYTES = 32_766;
    /** HNSW is approximate: look at more candidates than asked for, keep the best. */
    private static final int MIN_CANDIDATES = 100;
    /**
     * A filter that lets few enough points of a segment through is searched exactly there: at most
     * {@code max(EXACT_AT_LEAST, EXACT_PER_ROOT × √points in the segment)}. Scoring the points costs in proportion
     * to how many pass, walking the graph around the filtered-out ones in proportion to how few pass (the fewer,
     * the more of the graph is walked through for each hit), so the crossing point grows with the segment's size
     * like its square root. Measured on 100,000 listings of 768 dims in one segment (benchmark 5): exact scoring
     * costs ~0.95 ms per 1,000 points, while a walk where 10-12% of the points pass took 20-30 ms: p99 20.5 ms with
     * 5,000 as the bound, 11.9 ms with ~15,000 (47 √100,000). In small segments the bound stays 5,000.
     */
    private static final int EXACT_AT_LEAST = 5_000;
    private static final double EXACT_PER_ROOT = 47;

    private final Path dataDir;
    private final Duration commitEvery;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Collection> collections = new ConcurrentHashMap<>();
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "vector-store-commit");
        thread.setDaemon(true);
        return thread;
    });

    public LuceneVectorStore(Path dataDir) {
        this(dataDir, COMMIT_EVERY);
    }

    /** With writes committed every {@code commitEvery} instead of every {@link #COMMIT_EVERY}. */
    public LuceneVectorStore(Path dataDir, Duration commitEvery) {
        this.dataDir = dataDir;
        this.commitEvery = commitEvery;
        committer.scheduleWithFixedDelay(this::commitChanges, commitEvery.toMillis(), commitEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** {@code changed}: written since the searchers last reopened. */
    private record Collection(IndexWriter writer, SearcherManager searchers, int size, Distance distance,
                              VectorSimilarityFunction scoredBy, AtomicBoolean changed) {

        /** The vector as the graph keeps it: of unit length when the graph is scored by dot products of a cosine. */
        float[] stored(float[] vector) {
            // a copy: the caller's array is left as it was; the zero vector stays zero (a dot product of 0 with any)
            return scoredBy == VectorSimilarityFunction.DOT_PRODUCT ? VectorUtil.l2normalize(vector.clone(), false)
                    : vector;
        }

        /** The searchers, reopened first when a write happened since they last were. */
        SearcherManager fresh() throws IOException {
            if (changed.getAndSet(false)) {
                searchers.maybeRefreshBlocking();
            }
            return searchers;
        }
    }

    @Override
    public synchronized void createCollection(String name, int size, Distance distance, Graph graph) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve(name));
            Path meta = dir.resolve(META);
            if (!Files.exists(meta)) {
                json.writeValue(meta.toFile(), Map.of("size", size, "distance", distance.name(), "m", graph.m(),
                        "ef_construct", graph.efConstruct(), SCORED_BY, scoredBy(distance).name()));
            } else {
                // size and distance stay as the collection was made; the graph's parameters only steer writing
                Map<String, Object> existing = new HashMap<>(json.readValue(meta.toFile(), new TypeReference<>() { }));
                if (!graph.equals(graph(existing))) {
                    existing.put("m", graph.m());
                    existing.put("ef_construct", graph.efConstruct());
                    json.writeValue(meta.toFile(), existing);
                }
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
                // its files are deleted next, so nothing is committed: a rollback waits for a commit the background
                // thread has under way (close() refused one in the middle: "prepareCommit was already called")
                open.writer().rollback();
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
                collection.writer().updateDocument(new Term(ID, point.id()), document(point, collection));
            }
            collection.changed().set(true);
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
            collection.changed().set(true);
            // committed now, not within the store's interval: a deletion is an erasure or a listing taken down, and
            // a crash before the next commit would bring the points back (the catch-ups re-embed only what exists)
            collection.writer().commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<ScoredPoint> search(String name, float[] vector, Filter filter, int limit) {
        Collection collection = open(name);
        try {
            SearcherManager searchers = collection.fresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                Query restriction = filter == null ? null : query(filter);
                int candidates = Math.max(limit * 2, MIN_CANDIDATES);
                Query knn = new FilteredKnnQuery(collection.stored(vector), candidates, restriction);
                TopDocs top = searcher.search(knn, candidates);
                List<ScoredPoint> found = new ArrayList<>();
                for (ScoreDoc hit : top.scoreDocs) {
                    if (found.size() == limit) {
                        break;
                    }
                    String[] idAndPayload = idAndPayload(searcher, hit.doc);
                    found.add(new ScoredPoint(idAndPayload[0], similarity(hit.score, collection.distance()),
                            payload(idAndPayload[1])));
                }
                return found;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One segment, committed: its graph is built once more over all the points (about as long as the load). */
    @Override
    public void compact(String name) {
        Collection collection = open(name);
        try {
            collection.writer().forceMerge(1);
            collection.writer().commit();
            collection.changed().set(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long count(String name) {
        Collection collection = open(name);
        try {
            SearcherManager searchers = collection.fresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                return searcher.count(new MatchAllDocsQuery());
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        // not interrupted: an interrupt inside a commit closes the index's file channel and breaks the writer
        committer.shutdown();
        try {
            if (!committer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "the vector index commit thread did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        IOException failed = null;
        for (Collection collection : collections.values()) {
            try {
                collection.searchers().close();
                // everything written is committed first, so a kill during the close loses nothing; then rollback
                // aborts a running merge (a compaction of 100,000 points takes minutes) instead of finishing and
                // committing it. Lucene notices the abort at the merge's next write, after the HNSW graph it builds.
                collection.writer().commit();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not commit the embedded vector index at close: {0}",
                        e.toString());
            } finally {
                try {
                    collection.writer().rollback(); // releases the write lock, whatever happened above
                } catch (IOException e) {
                    failed = e;
                }
            }
        }
        collections.clear();
        if (failed != null) {
            throw new UncheckedIOException(failed);
        }
    }

    private Collection open(String name) {
        return collections.computeIfAbsent(name, n -> {
            Path dir = dataDir.resolve(n);
            if (!Files.exists(dir.resolve(META))) {
                throw new IllegalArgumentException("no collection " + n + ": create it first");
            }
            try {
                Map<String, Object> meta = json.readValue(dir.resolve(META).toFile(), new TypeReference<>() { });
                IndexWriter writer = openWriter(dir.resolve("index"), graph(meta));
                Distance distance = Distance.valueOf((String) meta.get("distance"));
                VectorSimilarityFunction scoredBy = meta.containsKey(SCORED_BY)
                        ? VectorSimilarityFunction.valueOf((String) meta.get(SCORED_BY)) : function(distance);
                return new Collection(writer, new SearcherManager(writer, null), ((Number) meta.get("size")).intValue(),
                        distance, scoredBy, new AtomicBoolean());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Commits what was written since the last commit, for every open collection (the background thread's job). */
    private void commitChanges() {
        for (Collection collection : collections.values()) {
            try {
                if (collection.writer().hasUncommittedChanges()) {
                    collection.writer().commit();
                }
            } catch (AlreadyClosedException e) {
                // dropped or closed meanwhile: closing committed it
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not commit the embedded vector index {0} (retried in {1}): {2}",
                        collection.writer().getDirectory(), commitEvery, e.toString());
            }
        }
    }

    /** The graph's parameters in a collection's metadata; a collection made before they were kept has the defaults. */
    private static Graph graph(Map<String, Object> meta) {
        return meta.containsKey("m") ? new Graph(((Number) meta.get("m")).intValue(),
                ((Number) meta.get("ef_construct")).intValue()) : Graph.DEFAULT;
    }

    /**
     * One writer per index: Lucene's write.lock (a native OS file lock, refused at once and not awaited) keeps a
     * second store, in this process or another, from writing the same index and corrupting it.
     */
    private IndexWriter openWriter(Path index, Graph graph) throws IOException {
        FSDirectory directory = FSDirectory.open(index);
        try {
            return new IndexWriter(directory, new IndexWriterConfig().setCodec(new WideVectorsCodec(graph)));
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

    private Document document(Point point, Collection collection) throws IOException {
        Document doc = new Document();
        doc.add(new StringField(ID, point.id(), Field.Store.YES));
        doc.add(new KnnFloatVectorField(VECTOR, collection.stored(point.vector()), collection.scoredBy()));
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
        String storedJson = json.writeValueAsString(stored);
        doc.add(new StoredField(PAYLOAD, storedJson));
        BytesRef payloadBytes = new BytesRef(storedJson);
        if (payloadBytes.length <= MAX_DOC_VALUE_BYTES) {
            doc.add(new BinaryDocValuesField(ID_VALUE, new BytesRef(point.id())));
            doc.add(new BinaryDocValuesField(PAYLOAD_VALUE, payloadBytes));
        }
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

    /**
     * A hit's id and payload JSON, from doc values when the point has them: reading a stored document decompresses
     * a whole block of them, which cost more than the vector search itself when 50 hits are read. Points written
     * before doc values (or with a payload too big for one) are read from the stored fields.
     */
    private static String[] idAndPayload(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        BinaryDocValues ids = leaf.reader().getBinaryDocValues(ID_VALUE);
        BinaryDocValues payloads = leaf.reader().getBinaryDocValues(PAYLOAD_VALUE);
        int local = doc - leaf.docBase;
        if (ids != null && payloads != null && ids.advanceExact(local) && payloads.advanceExact(local)) {
            return new String[] {ids.binaryValue().utf8ToString(), payloads.binaryValue().utf8ToString()};
        }
        Document stored = searcher.storedFields().document(doc);
        return new String[] {stored.get(ID), stored.get(PAYLOAD)};
    }

    /** Lucene's kNN query, but exact in a segment where the filter leaves few points ({@link #EXACT_PER_ROOT}). */
    private static final class FilteredKnnQuery extends KnnFloatVectorQuery {

        FilteredKnnQuery(float[] vector, int k, Query filter) {
            super(VECTOR, vector, k, filter);
        }

        @Override
        protected TopDocs approximateSearch(LeafReaderContext context, Bits acceptDocs, int visitedLimit,
                                            KnnCollectorManager collectors) throws IOException {
            // with a filter Lucene passes (points let through) + 1, without one Integer.MAX_VALUE; an incomplete
            // answer here makes it score the points the filter lets through one by one
            if (visitedLimit <= exactUpTo(context.reader().maxDoc()) + 1) {
                return new TopDocs(new TotalHits(0, TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO), new ScoreDoc[0]);
            }
            return super.approximateSearch(context, acceptDocs, visitedLimit, collectors);
        }
    }

    /** The most points a filter may let through in a segment of {@code points} for it to be searched exactly. */
    static int exactUpTo(int points) {
        return Math.max(EXACT_AT_LEAST, (int) (EXACT_PER_ROOT * Math.sqrt(points)));
    }

    /** How a new collection's graph is scored (see {@link #SCORED_BY}). */
    private static VectorSimilarityFunction scoredBy(Distance distance) {
        return distance == Distance.COSINE ? VectorSimilarityFunction.DOT_PRODUCT : function(distance);
    }

    /** Lucene's own similarity for {@code distance}: what collections made before {@link #SCORED_BY} are scored by. */
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
