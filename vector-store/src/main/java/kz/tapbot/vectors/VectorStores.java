package kz.tapbot.vectors;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import kz.tapbot.vectors.qdrant.QdrantVectorStore;

/**
 * Picks the engine: Qdrant when a URL is given (QDRANT_URL, its gRPC port, {@code https} for TLS), else the embedded
 * Lucene index in {@code dataDir}. With Qdrant, the environment may add {@code QDRANT_API_KEY} and
 * {@code QDRANT_REPLICATION_FACTOR} (copies of each shard in a distributed Qdrant, default 1) for the collections
 * the store creates.
 */
public final class VectorStores {

    private VectorStores() {
    }

    public static VectorStore open(String qdrantUrl, Path dataDir) {
        return open(qdrantUrl, dataDir, LuceneVectorStore.COMMIT_EVERY, System::getenv);
    }

    /** The embedded index committing every {@code commitEvery} (Qdrant keeps every write as it is acknowledged). */
    public static VectorStore open(String qdrantUrl, Path dataDir, Duration commitEvery) {
        return open(qdrantUrl, dataDir, commitEvery, System::getenv);
    }

    static VectorStore open(String qdrantUrl, Path dataDir, UnaryOperator<String> environment) {
        return open(qdrantUrl, dataDir, LuceneVectorStore.COMMIT_EVERY, environment);
    }

    private static VectorStore open(String qdrantUrl, Path dataDir, Duration commitEvery,
                                    UnaryOperator<String> environment) {
        if (qdrantUrl == null || qdrantUrl.isBlank()) {
            return new LuceneVectorStore(dataDir, commitEvery);
        }
        URI uri = URI.create(qdrantUrl);
        String factor = environment.apply("QDRANT_REPLICATION_FACTOR");
        int replicationFactor;
        try {
            replicationFactor = factor == null || factor.isBlank() ? 1 : Integer.parseInt(factor.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("QDRANT_REPLICATION_FACTOR is not a number: " + factor, e);
        }
        return new QdrantVectorStore(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6334,
                "https".equalsIgnoreCase(uri.getScheme()), environment.apply("QDRANT_API_KEY"), replicationFactor);
    }
}
