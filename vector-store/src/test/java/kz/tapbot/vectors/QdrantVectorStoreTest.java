package kz.tapbot.vectors;

import java.nio.file.Path;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The same contract against a real Qdrant (gRPC, e.g. QDRANT_URL=http://localhost:6334). No Qdrant
 * server can be installed on the development machines, so this runs where one exists.
 */
@EnabledIfEnvironmentVariable(named = "QDRANT_URL", matches = ".+")
class QdrantVectorStoreTest extends VectorStoreContract {

    @Override
    protected VectorStore openStore() {
        return VectorStores.open(System.getenv("QDRANT_URL"), Path.of("unused"));
    }
}
