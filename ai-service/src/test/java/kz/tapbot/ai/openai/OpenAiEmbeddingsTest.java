package kz.tapbot.ai.openai;

import static kz.tapbot.ai.openai.OpenAiProfiles.STUB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import kz.tapbot.ai.memory.ConversationMemory;
import kz.tapbot.testing.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

/** With a key and no model named, the conversations are embedded by OpenAI: the collection is rebuilt at 1536 dims. */
@QuarkusTest
@TestProfile(OpenAiProfiles.Embeddings.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OpenAiEmbeddingsTest {

    @Inject
    ConversationMemory memory;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theCollectionFollowsTheProviderAndSearchUsesIt() throws Exception {
        assertEquals("text-embedding-3-small", memory.model());
        // the collection opens (and is rebuilt for the new model) in the background as the service starts:
        // the first call waits for it, as a message would
        memory.size();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT model, size FROM ai.vector_collection WHERE name = 'conversations'")) {
            assertTrue(r.next());
            assertEquals("text-embedding-3-small", r.getString(1));
            assertEquals(1536, r.getInt(2));
        }
        int before = STUB.calls(c -> c.path().endsWith("/embeddings")).size();
        long user = HandOverFlow.newUser();
        memory.remember(List.of(new ConversationMemory.Stored(UUID.randomUUID().toString(), "in", "taxi", user, user,
                "нужно такси до Кокшетау", "taxi.book", Instant.now())));
        assertTrue(STUB.calls(c -> c.path().endsWith("/embeddings")).size() > before, "embedded by the API");
        assertFalse(memory.search(new ConversationMemory.Query("такси до Кокшетау", user, null, null, null, 5)).isEmpty());
    }
}
