package kz.tapbot.deploy.local;

import static kz.tapbot.deploy.local.LocalScripts.lib;
import static kz.tapbot.deploy.local.LocalScripts.linesUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local stack's class-data archives (deploy/local/lib.sh: cds_opts, stop_service): a service started
 * without a fresh archive writes one as it exits, stop_service keeps it, the next start maps the recorded classes,
 * and a file of the application packaged after it makes the archive stale. A jar with one class stands in for a
 * service, under a module directory of its own in target/.
 */
class ClassDataArchiveTest {

    static final Path REPO = LocalScripts.REPO;
    static final String MODULE = "deploy/tests/target/cds-fixture";
    static final String NAME = "cds-fixture-test";

    final Path app = REPO.resolve(MODULE).resolve("target/quarkus-app");
    final Path jar = app.resolve("quarkus-run.jar");
    final Path archive = app.resolve("tapbot-cds.jsa");
    final Path pidFile = REPO.resolve(".run/pids").resolve(NAME + ".pid");
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void aServiceJar() throws IOException {
        if (Files.exists(app)) {
            try (var files = Files.walk(app)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(app);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Sleeper.class.getName());
        String entry = Sleeper.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out, manifest);
             InputStream clazz = Sleeper.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            clazz.transferTo(jarOut);
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    @AfterEach
    void stop() throws IOException {
        started.forEach(Process::destroyForcibly);
        Files.deleteIfExists(pidFile);
    }

    @Test
    void aServiceRecordsItsArchiveWhenItStopsAndStartsFromItUntilItsJarIsRebuilt() throws Exception {
        String recordFlags = lib(Map.of(), "cds_opts", MODULE, "0");
        assertThat(recordFlags).isEqualTo("-XX:ArchiveClassesAtExit=" + archive + ".recording -Xlog:cds=off");
        assertThat(lib(Map.of(), "cds_opts", MODULE, "1")).as("a second instance does not record").isEmpty();

        Process service = start(recordFlags.split(" "));
        Files.createDirectories(pidFile.getParent());
        Files.writeString(pidFile, Long.toString(service.pid()));
        String stopped = lib(Map.of(), "stop_service", NAME, MODULE);
        assertThat(service.isAlive()).isFalse();
        assertThat(stopped).contains("class-data archive recorded");
        assertThat(archive).isNotEmptyFile();
        assertThat(Path.of(archive + ".recording")).doesNotExist();

        String useFlags = lib(Map.of(), "cds_opts", MODULE, "1");
        assertThat(useFlags).isEqualTo("-XX:SharedArchiveFile=" + archive);
        // -Xshare:on makes the JVM refuse to start when it cannot map the archive
        Process next = start(useFlags, "-Xshare:on", "-Xlog:class+load=info");
        assertThat(linesUntilReady(next)).anySatisfy(line -> assertThat(line)
                .contains(Sleeper.class.getName() + " source: shared objects file (top)"));

        assertThat(lib(Map.of("TAPBOT_CDS", "0"), "cds_opts", MODULE, "0")).isEmpty();
        Path rebuilt = app.resolve("lib/main/rebuilt.jar");
        Files.createDirectories(rebuilt.getParent());
        Files.writeString(rebuilt, "a jar packaged after the archive");
        Files.setLastModifiedTime(rebuilt, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(lib(Map.of(), "cds_opts", MODULE, "0")).as("a file of the application is newer than the archive")
                .isEqualTo(recordFlags);
    }

    private Process start(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-jar");
        command.add(jar.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        if (!List.of(jvmOptions).contains("-Xlog:class+load=info")) {
            linesUntilReady(process);
        }
        return process;
    }
}
