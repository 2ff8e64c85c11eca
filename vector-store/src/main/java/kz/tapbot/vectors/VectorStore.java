package kz.tapbot.vectors;

import java.util.List;

/**
 * The port every service uses for vector search. Ids are UUID strings. Payload values are strings,
 * numbers (Long or Double), lists of strings, or {@link GeoPoint}s; they come back as they went in.
 * Scores are similarities: higher is closer (cosine similarity, or the dot product).
 */
public interface VectorStore extends AutoCloseable {

    /** Creates the collection unless it exists already, with the default {@link Graph}. */
    default void createCollection(String collection, int size, Distance distance) {
        createCollection(collection, size, distance, Graph.DEFAULT);
    }

    /**
     * Creates the collection unless it exists already. {@code graph} is how its HNSW index is built; for an
     * existing embedded collection it applies to what is written from its next opening on.
     */
    void createCollection(String collection, int size, Distance distance, Graph graph);

    /** Removes a collection and its points, if it exists (to rebuild it, say with another vector size). */
    void dropCollection(String collection);

    /** Inserts points, or replaces those with the same id. */
    void upsert(String collection, List<Point> points);

    void delete(String collection, List<String> ids);

    /** The {@code limit} points closest to {@code vector} among those that pass {@code filter} (null: all). */
    List<ScoredPoint> search(String collection, float[] vector, Filter filter, int limit);

    long count(String collection);

    /**
     * Lays the collection out for searching after a bulk load (a rebuild, an import). The embedded index merges its
     * segments into one, so that a filter is applied within one graph instead of scoring each small segment
     * exactly; Qdrant optimises its segments by itself, so nothing is done there.
     */
    void compact(String collection);

    @Override
    void close();

    enum Distance { COSINE, DOT }

    /**
     * How thoroughly the HNSW graph is built (Qdrant's {@code hnsw_config}): {@code m} links per point, and
     * {@code efConstruct} candidates looked at to choose them as each point is inserted. Inserting costs in proportion
     * to {@code efConstruct}; fewer candidates make a graph that is cheaper to write and finds a little less. The
     * default is both engines' own (16, 100).
     */
    record Graph(int m, int efConstruct) {
        public static final Graph DEFAULT = new Graph(16, 100);

        public Graph {
            if (m < 2 || m > 512 || efConstruct < 1 || efConstruct > 3200) {
                throw new IllegalArgumentException("an HNSW graph needs m in 2..512 and efConstruct in 1..3200, was "
                        + m + " and " + efConstruct);
            }
        }
    }

    record GeoPoint(double lat, double lon) {
    }

    record Point(String id, float[] vector, java.util.Map<String, Object> payload) {
    }

    record ScoredPoint(String id, float score, java.util.Map<String, Object> payload) {
    }
}
