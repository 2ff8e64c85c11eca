package kz.tapbot.vectors;

import java.net.URI;
import java.nio.file.Path;
import kz.tapbot.vectors.lucene.LuceneVectorStore;
import kz.tapbot.vectors.qdrant.QdrantVectorStore;

/** Picks the engine: Qdrant when a URL is given (QDRANT_URL), else the embedded Lucene index in {@code dataDir}. */
public final class VectorStores {

    private VectorStores() {
    }

    public static VectorStore open(String qdrantUrl, Path dataDir) {
        if (qdrantUrl != null && !qdrantUrl.isBlank()) {
            URI uri = URI.create(qdrantUrl);
            return new QdrantVectorStore(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6334);
        }
        return new LuceneVectorStore(dataDir);
    }
}
