package kz.tapbot.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The script the Kubernetes CronJob qdrant-snapshots runs (taken from deploy/k8s/base/qdrant/snapshots.yaml as it
 * is), run with sh against two {@link QdrantStub} nodes: every collection snapshotted on every node, the checksum
 * Qdrant reports verified, the snapshot deleted from the node afterwards, a mismatch failing the job.
 */
class QdrantSnapshotCronJobTest {

    private static final List<String> COLLECTIONS = List.of("apartments", "conversations", "faq");
    private final String apiKey = "qdrant-key-" + UUID.randomUUID();
    private Path scratch;
    private QdrantStub node0;
    private QdrantStub node1;

    @BeforeEach
    void twoNodes() {
        scratch = DrillHost.scratchDirectory("tapbot-qdrant-cronjob-", false);
        node0 = new QdrantStub(0, apiKey, COLLECTIONS.toArray(String[]::new));
        node1 = new QdrantStub(1, apiKey, COLLECTIONS.toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        node0.close();
        node1.close();
        DrillHost.deleteRecursively(scratch);
    }

    @Test
    void theJobSnapshotsEveryCollectionOnEveryNodeVerifiesAndDeletesThem() throws IOException {
        Command.Result job = snapshotJob().run().assertSucceeded();

        String stamp = Files.readString(scratch.resolve("STAMP")).strip();
        for (int i = 0; i < 2; i++) {
            QdrantStub node = i == 0 ? node0 : node1;
            assertThat(node.created).containsExactlyInAnyOrderElementsOf(COLLECTIONS);
            assertThat(node.deleted).hasSize(COLLECTIONS.size());
            assertThat(node.requestsWithoutValidKey).isEmpty();
            for (String collection : COLLECTIONS) {
                try (Stream<Path> files = Files.list(scratch.resolve(stamp).resolve("node-" + i).resolve(collection))) {
                    List<Path> snapshots = files.toList();
                    assertThat(snapshots).singleElement()
                            .satisfies(f -> assertThat(f.getFileName().toString()).startsWith(collection + "-"));
                    assertThat(Files.size(snapshots.get(0))).isGreaterThan(40_000);
                }
            }
        }
        assertThat(job.stdout()).contains("node 0 (" + node0.url() + "): apartments ->", "node 1 (");
        assertThat(job.stdout() + job.stderr()).doesNotContain(apiKey);
        System.out.printf("[drill] qdrant-snapshots CronJob script (HTTP stub, 2 nodes x 3 collections): 6 snapshots "
                + "downloaded, verified and deleted from the nodes in %s%n", job.seconds());
    }

    @Test
    void aSnapshotWhoseBytesDoNotMatchItsChecksumFailsTheJob() {
        node1.corruptDownloads();
        Command.Result job = snapshotJob().run();
        assertThat(job.exitCode()).isNotZero();
        assertThat(job.stdout()).contains("checksum mismatch: node 1");
        assertThat(scratch.resolve("STAMP")).doesNotExist();
    }

    @Test
    void aWrongApiKeyFailsTheJobWithoutSnapshots() {
        Command.Result job = snapshotJob().env("QDRANT_API_KEY", "wrong").run();
        assertThat(job.exitCode()).isNotZero();
        assertThat(node0.created).isEmpty();
    }

    private Command snapshotJob() {
        return Command.of("sh", "-c", cronJobScript())
                .env("SNAPSHOT_DIR", scratch.toString())
                .env("QDRANT_HTTP_URLS", node0.url() + " " + node1.url())
                .env("QDRANT_API_KEY", apiKey);
    }

    private static String cronJobScript() {
        Path manifest = DrillHost.repositoryRoot().resolve("deploy/k8s/base/qdrant/snapshots.yaml");
        try {
            JsonNode cronJob = new ObjectMapper(new YAMLFactory()).readTree(manifest.toFile());
            JsonNode init = cronJob.at("/spec/jobTemplate/spec/template/spec/initContainers/0");
            assertThat(init.path("name").asText()).isEqualTo("snapshot");
            return init.at("/args/0").asText();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + manifest, e);
        }
    }
}
