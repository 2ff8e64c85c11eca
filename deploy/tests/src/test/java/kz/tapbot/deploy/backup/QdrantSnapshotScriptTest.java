package kz.tapbot.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * qdrant-snapshot.sh against {@link QdrantStub}s (no Qdrant server can be installed on the
 * development machine): what it sends, what it checks, what it refuses to print.
 */
class QdrantSnapshotScriptTest {

    private static final List<String> DEFAULT_COLLECTIONS = List.of("apartments", "conversations", "faq");

    private final String apiKey = "qdrant-key-" + UUID.randomUUID();
    private Path scratch;
    private QdrantStub node0;
    private QdrantStub node1;

    @BeforeEach
    void twoNodesWithTheServicesCollections() {
        scratch = DrillHost.scratchDirectory("tapbot-qdrant-drill-", false);
        node0 = new QdrantStub(0, apiKey, DEFAULT_COLLECTIONS.toArray(String[]::new));
        node1 = new QdrantStub(1, apiKey, DEFAULT_COLLECTIONS.toArray(String[]::new));
    }

    @AfterEach
    void stopNodes() {
        node0.close();
        node1.close();
        DrillHost.deleteRecursively(scratch);
    }

    @Test
    void backupSnapshotsEveryDefaultCollectionOnEveryNodeAndVerifiesEachDownload() throws IOException {
        Command.Result backup = script("backup", scratch.resolve("qdrant").toString())
                .env("QDRANT_HTTP_URLS", node0.url() + " " + node1.url())
                .env("QDRANT_API_KEY", apiKey)
                .run().assertSucceeded();

        Path backupDir = Path.of(backup.lastLine());
        for (int i = 0; i < 2; i++) {
            QdrantStub node = i == 0 ? node0 : node1;
            assertThat(node.created).containsExactlyElementsOf(DEFAULT_COLLECTIONS);
            List<Path> files = files(backupDir.resolve(String.valueOf(i)));
            assertThat(files).hasSize(3);
            for (Path file : files) {
                String name = file.getFileName().toString();
                String collection = DEFAULT_COLLECTIONS.stream().filter(c -> name.startsWith(c + "-")).findFirst().orElseThrow();
                assertThat(Files.readAllBytes(file)).isEqualTo(node.snapshot(collection, name).bytes());
            }
            assertThat(node.requestsWithoutValidKey).isEmpty();
        }
        assertThat(Files.readAllLines(backupDir.resolve("SHA256SUMS"))).hasSize(7); // 6 snapshots + MANIFEST
        assertThat(Files.readString(backupDir.resolve("MANIFEST")))
                .contains("node.0=" + node0.url(), "node.1=" + node1.url(), "snapshot.1.faq=faq-");
        assertThat(backup.stdout() + backup.stderr()).doesNotContain(apiKey);
        System.out.printf("[drill] qdrant backup (HTTP stub, 2 nodes): 6 snapshots created, downloaded and sha256-verified "
                + "into %s/{0,1} in %s%n", backupDir.getFileName(), backup.seconds());
    }

    @Test
    void aDownloadWhoseBytesDoNotMatchTheListedChecksumFails() {
        String name = script("create", "apartments").env("QDRANT_HTTP_URL", node0.url()).env("QDRANT_API_KEY", apiKey)
                .run().assertSucceeded().lastLine();
        assertThat(node0.snapshot("apartments", name)).isNotNull();
        node0.corruptDownloads();
        Path out = scratch.resolve("apartments.snapshot");

        Command.Result download = script("download", "apartments", name, out.toString())
                .env("QDRANT_HTTP_URL", node0.url()).env("QDRANT_API_KEY", apiKey).run();

        assertThat(download.exitCode()).isEqualTo(1);
        assertThat(download.stderr()).contains("checksum mismatch for snapshot " + name,
                "Qdrant lists " + node0.snapshot("apartments", name).sha256());
        assertThat(out).doesNotExist();
    }

    @Test
    void recoverFromAFileUploadsItsBytesAsTheSnapshotField() throws IOException {
        byte[] bytes = new byte[150_000];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(scratch.resolve("faq-1-2025-01-31.snapshot"), bytes);

        script("recover", "faq", file.toString()).env("QDRANT_HTTP_URL", node1.url()).env("QDRANT_API_KEY", apiKey)
                .run().assertSucceeded();

        assertThat(node1.uploads).hasSize(1);
        QdrantStub.Upload upload = node1.uploads.get(0);
        assertThat(upload.collection()).isEqualTo("faq");
        assertThat(upload.fieldName()).isEqualTo("snapshot");
        assertThat(upload.bytes()).isEqualTo(bytes);
        assertThat(upload.query()).containsEntry("priority", "snapshot").containsEntry("wait", "true")
                .containsEntry("checksum", QdrantStub.sha256(bytes));
    }

    @Test
    void recoverFromAUrlAsksQdrantToFetchItWithSnapshotPriority() throws IOException {
        String location = "http://backup-host:8080/qdrant/0/conversations-1-2025-01-31.snapshot";

        script("recover", "conversations", location).env("QDRANT_HTTP_URL", node0.url()).env("QDRANT_API_KEY", apiKey)
                .run().assertSucceeded();

        assertThat(node0.recoveries).hasSize(1);
        QdrantStub.Recovery recovery = node0.recoveries.get(0);
        assertThat(recovery.collection()).isEqualTo("conversations");
        assertThat(recovery.method()).isEqualTo("PUT");
        assertThat(recovery.query()).containsEntry("wait", "true");
        JsonNode body = new ObjectMapper().readTree(recovery.body());
        assertThat(body.get("location").asText()).isEqualTo(location);
        assertThat(body.get("priority").asText()).isEqualTo("snapshot");
    }

    @Test
    void anUnknownCollectionFailsWithTheHttpStatusAndQdrantsMessage() {
        Command.Result create = script("create", "taxi_routes").env("QDRANT_HTTP_URL", node0.url())
                .env("QDRANT_API_KEY", apiKey).run();
        Command.Result list = script("list", "taxi_routes").env("QDRANT_HTTP_URL", node0.url())
                .env("QDRANT_API_KEY", apiKey).run();

        for (Command.Result result : List.of(create, list)) {
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.stderr()).contains("HTTP 404", "Not found: Collection `taxi_routes` doesn't exist!");
            assertThat(result.stdout()).isEmpty();
        }
    }

    @Test
    void theApiKeyIsSentAsItsHeaderAndNeverPrinted() {
        script("create", "apartments").env("QDRANT_HTTP_URL", node0.url()).env("QDRANT_API_KEY", apiKey)
                .run().assertSucceeded();
        Command.Result withKey = script("list", "apartments").env("QDRANT_HTTP_URL", node0.url())
                .env("QDRANT_API_KEY", apiKey).run().assertSucceeded();
        String wrongKey = "wrong-" + UUID.randomUUID();
        Command.Result withWrongKey = script("list", "apartments").env("QDRANT_HTTP_URL", node0.url())
                .env("QDRANT_API_KEY", wrongKey).run();
        Command.Result withoutKey = script("list", "apartments").env("QDRANT_HTTP_URL", node0.url()).run();

        assertThat(withKey.stdout().strip()).matches("apartments-\\d+-[\\d-]+\\.snapshot\t\\d+\t2025-01-31T02:00:00\t[0-9a-f]{64}");
        assertThat(withWrongKey.exitCode()).isEqualTo(1);
        assertThat(withWrongKey.stderr()).contains("HTTP 403", "Invalid API key");
        assertThat(withoutKey.exitCode()).isEqualTo(1);
        assertThat(withoutKey.stderr()).contains("HTTP 401", "Must provide an API key");
        assertThat(node0.requestsWithoutValidKey).hasSize(2);
        for (Command.Result result : List.of(withKey, withWrongKey, withoutKey)) {
            assertThat(result.stdout() + result.stderr()).doesNotContain(apiKey).doesNotContain(wrongKey);
        }
    }

    private static Command script(String... args) {
        List<String> command = new ArrayList<>(List.of(DrillHost.backupScript("qdrant-snapshot.sh").toString()));
        command.addAll(List.of(args));
        return Command.of(command);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
