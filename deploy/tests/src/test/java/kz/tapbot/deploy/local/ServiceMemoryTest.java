package kz.tapbot.deploy.local;

import static kz.tapbot.deploy.local.LocalScripts.lib;
import static kz.tapbot.deploy.local.LocalScripts.linesUntilReady;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The memory options every service starts with (deploy/local/lib.sh service_memory_opts, the image's and
 * tapbot-config's JAVA_OPTS): a JVM that churned through 600 MB while starting gives the heap back once idle,
 * where the JVM's defaults keep it resident for good.
 */
class ServiceMemoryTest {

    static final Path REPO = LocalScripts.REPO;
    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS[=:] *\"?([^\"\\n]*)\"?");

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void anIdleServiceGivesBackTheHeapItsStartUsed() throws Exception {
        String options = lib(Map.of(), "service_memory_opts");
        assertThat(options).contains("-XX:G1PeriodicGCInterval=");
        assertThat(lib(Map.of("TAPBOT_SERVICE_MEMORY_OPTS", ""), "service_memory_opts")).isEmpty();

        // both at once; G1 looks every 5 s whether it collected within the last 5 s
        Process withOptions = start(options.split(" "));
        Process withDefaults = start("-XX:+UseG1GC");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        long givenBack = residentMegabytes(withOptions);
        while (givenBack >= 100 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            givenBack = residentMegabytes(withOptions);
        }
        long kept = residentMegabytes(withDefaults);

        assertThat(givenBack).as("resident MB with %s, idle after churning through 600 MB", options).isLessThan(100);
        assertThat(kept).as("resident MB with the JVM's defaults, as long idle").isGreaterThan(150);
    }

    @Test
    void theImageAndKubernetesStartServicesWithTheSameOptions() throws Exception {
        String options = lib(Map.of(), "service_jit_opts") + " " + lib(Map.of(), "service_memory_opts");
        for (String file : List.of("deploy/image/Dockerfile", "deploy/k8s/base/config.yaml")) {
            Matcher javaOpts = JAVA_OPTS.matcher(Files.readString(REPO.resolve(file)));
            assertThat(javaOpts.find()).as("JAVA_OPTS in %s", file).isTrue();
            assertThat(List.of(javaOpts.group(1).trim().split(" +"))).as("JAVA_OPTS in %s", file)
                    .containsAll(List.of(options.split(" +")));
        }
    }

    private Process start(String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        // as on a machine with 24 GB or more (1/64 of it), whatever this one has; the minimum stays the JVM's
        command.add("-XX:InitialHeapSize=384m");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Ballast.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        started.add(process);
        linesUntilReady(process);
        return process;
    }

    private static long residentMegabytes(Process process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + process.pid());
    }
}
