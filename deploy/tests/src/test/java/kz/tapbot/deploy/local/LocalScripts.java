package kz.tapbot.deploy.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** deploy/local/lib.sh's functions, run one at a time as the scripts run them, and the fixtures they start. */
final class LocalScripts {

    static final Path REPO = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    /** Variables that change what the functions print; unset unless a test sets them. */
    private static final List<String> SETTINGS = List.of("TAPBOT_CDS", "TAPBOT_SERVICE_JIT_OPTS",
            "TAPBOT_SERVICE_MEMORY_OPTS");

    private LocalScripts() {
    }

    /** Runs one function of lib.sh with {@code environment} on top of this one's; its output, trimmed. */
    static String lib(Map<String, String> environment, String... functionAndArgs)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("deploy/local/lib.sh").toString()));
        command.addAll(List.of(functionAndArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        SETTINGS.forEach(builder.environment()::remove);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** A fixture's output up to its "ready" line. */
    static List<String> linesUntilReady(Process process) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
            if (line.equals("ready")) {
                return lines;
            }
        }
        throw new AssertionError("the fixture exited before it was ready:\n" + String.join("\n", lines));
    }
}
