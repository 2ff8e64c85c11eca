package kz.tapbot.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The logs a module's tests leave under its target/ directory: surefire's captured output of each test class
 * ({@code surefire-reports/*-output.txt}), the services' file logs of the test profile ({@code test-logs/}), the
 * processes the system tests start ({@code service-logs/}) and any other {@code target/*.log}.
 */
public final class CapturedLogs {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    private CapturedLogs() {
    }

    /** The modules of the root pom, in order. */
    public static List<String> modules(Path root) throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher module = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (module.find()) {
            modules.add(module.group(1).strip());
        }
        return modules;
    }

    /** A module's captured logs written at or after {@code since}. */
    public static List<Path> of(Path module, Instant since) throws IOException {
        Path target = module.resolve("target");
        List<Path> logs = new ArrayList<>();
        addMatching(target.resolve("surefire-reports"), 1, name -> name.endsWith("-output.txt"), since, logs);
        addMatching(target.resolve("failsafe-reports"), 1, name -> name.endsWith("-output.txt"), since, logs);
        addMatching(target.resolve("test-logs"), 3, name -> true, since, logs);
        addMatching(target.resolve("service-logs"), 3, name -> true, since, logs);
        addMatching(target, 1, name -> name.endsWith(".log"), since, logs);
        return logs;
    }

    /** Whether the module's tests ran at or after {@code since} (a fresh surefire report). */
    public static boolean testsRan(Path module, Instant since) throws IOException {
        List<Path> reports = new ArrayList<>();
        addMatching(module.resolve("target/surefire-reports"), 1, name -> name.startsWith("TEST-") && name.endsWith(".xml"),
                since, reports);
        return !reports.isEmpty();
    }

    private static void addMatching(Path directory, int depth, Predicate<String> name, Instant since, List<Path> into)
            throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        FileTime after = FileTime.from(since);
        try (Stream<Path> files = Files.walk(directory, depth)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (name.test(file.getFileName().toString()) && Files.getLastModifiedTime(file).compareTo(after) >= 0) {
                    into.add(file);
                }
            }
        }
    }
}
