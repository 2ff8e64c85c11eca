package kz.tapbot.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import kz.tapbot.testing.OperatorTestTokens;
import org.junit.jupiter.api.Test;

/**
 * After every other module's tests (this module is last in the reactor): no log line any of them left shows a
 * phone number, bot token, operator token, OpenAI key or configured secret in clear, and every module whose tests
 * print anything left its logs where this audit reads them, so a logging misconfiguration cannot pass silently.
 */
class CapturedLogsAuditTest {

    private static final Path ROOT = Path.of(System.getProperty("tapbot.root", "..")).toAbsolutePath().normalize();
    /** Modules whose unit tests print nothing at all: no log to find (their tests must still have run). */
    private static final Set<String> SILENT = Set.of("events", "platform");
    /** Modules that are Quarkus services: their test profile also writes a file log under target/test-logs. */
    private static final Set<String> SERVICES = Set.of("bot-gateway", "ai-service", "taxi-service", "apartment-service",
            "analytics-service");

    @Test
    void noModuleLeftAPhoneTokenOrKeyInClearInItsLogs() throws IOException {
        Instant since = since();
        LogScanner scanner = new LogScanner(configuredSecrets());
        List<String> problems = new ArrayList<>();
        int scanned = 0;
        for (String module : CapturedLogs.modules(ROOT)) {
            Path directory = ROOT.resolve(module);
            if (module.equals("suite-audit") || !Files.isDirectory(directory.resolve("src/test"))) {
                continue;
            }
            List<Path> logs = CapturedLogs.of(directory, since);
            if (!CapturedLogs.testsRan(directory, since)) {
                problems.add(module + ": its tests did not run in this build (no surefire report since " + since + ")");
            } else if (logs.isEmpty() && !SILENT.contains(module)) {
                problems.add(module + ": its tests left no log under target/ since " + since);
            }
            if (SERVICES.contains(module) && logs.stream().noneMatch(log -> log.toString().contains("/test-logs/"))) {
                problems.add(module + ": no file log of the test profile under target/test-logs (%test.quarkus.log.file)");
            }
            for (Path log : logs) {
                scanned++;
                scanner.scan(log).forEach(finding -> problems.add(ROOT.relativize(finding.file()) + ":" + finding.line()
                        + ": " + finding.kind()));
            }
        }
        assertTrue(problems.isEmpty(), problems.size() + " problem(s) in the logs of " + scanned + " files:\n  "
                + String.join("\n  ", problems.subList(0, Math.min(problems.size(), 200))));
    }

    private static Instant since() {
        String since = System.getProperty("audit.since", "");
        return since.isBlank() || since.startsWith("${") ? Instant.EPOCH : Instant.parse(since);
    }

    static List<String> configuredSecrets() throws IOException {
        List<String> secrets = new ArrayList<>(OperatorTestTokens.all());
        try (InputStream list = CapturedLogsAuditTest.class.getResourceAsStream("/configured-test-secrets.txt")) {
            for (String line : new String(list.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    secrets.add(line.strip());
                }
            }
        }
        return secrets;
    }
}
