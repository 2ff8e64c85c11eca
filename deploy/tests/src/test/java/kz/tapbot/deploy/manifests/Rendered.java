package kz.tapbot.deploy.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The resources of one kustomization as {@code kubectl kustomize} renders them, one JSON tree per resource. */
final class Rendered {

    static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    static final Path K8S = REPO.resolve("deploy/k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final String name;
    final List<ObjectNode> resources;

    private Rendered(String name, List<ObjectNode> resources) {
        this.name = name;
        this.resources = resources;
    }

    static boolean kubectlAvailable() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Renders deploy/k8s/{dir}; fails with kubectl's message when it cannot. */
    static Rendered kustomize(String dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("kustomize", ".yaml");
        try {
            Process process = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(dir).toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.PIPE).start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + errors);
            }
            return parse(dir, Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static Rendered parse(String name, String yaml) throws IOException {
        List<ObjectNode> resources = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode node = it.next();
                if (node != null && node.isObject()) {
                    resources.add((ObjectNode) node);
                }
            }
        }
        return new Rendered(name, resources);
    }

    List<ObjectNode> ofKind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.path("kind").asText())).toList();
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(r -> name.equals(r.path("metadata").path("name").asText())).findFirst();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + " has no " + kind + " " + name));
    }

    static String id(JsonNode resource) {
        return resource.path("kind").asText() + "/" + resource.path("metadata").path("name").asText();
    }
}
