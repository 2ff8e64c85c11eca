package kz.tapbot.deploy.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Durability drills of Redis as the seed configures it (appendonly yes, appendfsync everysec,
 * save 21600 1) on redis-servers of the drill's own, on loopback ports: kill -9 and restart, then
 * redis-backup.sh of a live instance and redis-restore.sh into a new data directory.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisDurabilityDrillTest {

    private static final int SESSIONS = 10_000;
    private static final int GEOCODING_ENTRIES = 10_000;
    private static final int LAST_SECOND_KEYS = 300;
    private static final String[] CITIES = {"Алматы", "Астана", "Шымкент", "Караганда", "Тараз", "Актобе"};

    private static Path scratch;
    private static final List<Long> serverPids = new ArrayList<>();

    @BeforeAll
    static void scratchDirectory() {
        scratch = DrillHost.scratchDirectory("tapbot-redis-drill-", false);
    }

    @AfterAll
    static void stopEveryServerAndDeleteTheData() {
        try {
            for (long pid : serverPids) {
                ProcessHandle.of(pid).ifPresent(server -> {
                    server.destroyForcibly();
                    server.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                });
            }
        } finally {
            DrillHost.deleteRecursively(scratch);
        }
    }

    @Test
    @Order(1)
    void everyWriteAcknowledgedMoreThanASecondBeforeKill9SurvivesTheRestart() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("aof"));
        int port = DrillHost.freePort();
        long pid = startSeedConfiguredServer(dir, port);
        Map<String, String> acknowledged;
        Map<String, String> lastSecond;
        long lastAckNanos;
        long tWrites = System.nanoTime();
        try (RespClient redis = RespClient.awaitReady(port, 10_000)) {
            acknowledged = writeServiceKeys(redis);
            lastAckNanos = System.nanoTime();
            Thread.sleep(1_500);
            lastSecond = new TreeMap<>();
            for (int i = 0; i < LAST_SECOND_KEYS; i++) {
                writeSession(redis, "late:" + i, i, lastSecond);
            }
        }
        double writeSeconds = (lastAckNanos - tWrites) / 1e9;
        Command.of("kill", "-9", String.valueOf(pid)).run().assertSucceeded();
        long killedNanos = System.nanoTime();
        ProcessHandle.of(pid).ifPresent(server -> server.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        serverPids.remove(Long.valueOf(pid));

        long tRestart = System.nanoTime();
        int restartPid;
        long dbsize;
        Map<String, String> after;
        int lastSecondSurvivors = 0;
        startSeedConfiguredServer(dir, port);
        try (RespClient redis = RespClient.awaitReady(port, 30_000)) {
            double restartSeconds = (System.nanoTime() - tRestart) / 1e9;
            restartPid = Integer.parseInt(redis.info("server", "process_id"));
            dbsize = redis.dbsize();
            after = readBack(redis, acknowledged.keySet());
            for (Map.Entry<String, String> late : lastSecond.entrySet()) {
                if (late.getValue().equals(canonicalValue(redis, late.getKey()))) {
                    lastSecondSurvivors++;
                }
            }
            assertThat(after).isEqualTo(acknowledged);
            assertThat(digest(after)).isEqualTo(digest(acknowledged));
            assertThat(dbsize).isEqualTo(acknowledged.size() + lastSecondSurvivors);
            System.out.printf("[drill] redis kill -9: %d keys (%d session hashes, %d geocoding strings with TTL) written "
                            + "one acknowledged command at a time in %.1f s; %d more in the last second, then kill -9 of pid %d "
                            + "%.1f s after the last of the first batch; restart (pid %d) loaded %d keys in %.1f s; all %d keys "
                            + "acknowledged > 1 s before the kill came back with equal values (sha256 %s); last-second keys "
                            + "that survived too: %d of %d (kill -9 keeps what Redis already handed to the kernel; with everysec "
                            + "only a host crash or power loss can take the last second)%n",
                    acknowledged.size(), SESSIONS, GEOCODING_ENTRIES, writeSeconds, LAST_SECOND_KEYS, pid,
                    (killedNanos - lastAckNanos) / 1e9, restartPid, dbsize, restartSeconds, acknowledged.size(),
                    digest(after).substring(0, 12), lastSecondSurvivors, LAST_SECOND_KEYS);
        }
    }

    @Test
    @Order(2)
    void aBackupOfALiveInstanceRestoresIntoANewDataDirectoryWithTheSameKeys() throws Exception {
        Path dir = Files.createDirectories(scratch.resolve("live"));
        int port = DrillHost.freePort();
        startSeedConfiguredServer(dir, port);
        String password = "drill-" + UUID.randomUUID();
        Map<String, String> written;
        try (RespClient redis = RespClient.awaitReady(port, 10_000)) {
            written = writeServiceKeys(redis);
            redis.call("CONFIG", "SET", "requirepass", password);
        }

        Path backups = Files.createDirectories(scratch.resolve("backups"));
        Command.Result backup = Command.of(DrillHost.backupScript("redis-backup.sh").toString(), backups.toString())
                .env("REDIS_HOST", "127.0.0.1").env("REDIS_PORT", String.valueOf(port)).env("REDIS_PASSWORD", password)
                .run().assertSucceeded();
        Path backupDir = Path.of(backup.lastLine());
        assertThat(backup.stdout() + backup.stderr()).doesNotContain(password);
        assertThat(Files.readString(backupDir.resolve("MANIFEST")))
                .contains("dbsize=" + written.size(), "appendonly=yes", "rdb_expires=" + GEOCODING_ENTRIES);
        assertThat(backupDir.resolve("appendonlydir/appendonly.aof.manifest")).exists();
        assertThat(Files.readString(backupDir.resolve("SHA256SUMS"))).contains("  dump.rdb", "  appendonlydir/");
        Command.Result checkRdb = Command.of("redis-check-rdb", backupDir.resolve("dump.rdb").toString()).run().assertSucceeded();
        assertThat(checkRdb.stdout()).contains("RDB looks OK", written.size() + " keys read");
        Command.Result checkAof = Command.of("redis-check-aof", backupDir.resolve("appendonlydir/appendonly.aof.manifest").toString())
                .run().assertSucceeded();
        assertThat(checkAof.stdout()).contains("All AOF files and manifest are valid");

        Path damaged = Files.createDirectories(scratch.resolve("damaged-backup"));
        Command.of("cp", "-r", backupDir + "/.", damaged.toString()).run().assertSucceeded();
        byte[] rdb = Files.readAllBytes(damaged.resolve("dump.rdb"));
        rdb[rdb.length / 2] ^= 0x01;
        Files.write(damaged.resolve("dump.rdb"), rdb);
        Command.Result refused = Command.of(DrillHost.backupScript("redis-restore.sh").toString(), damaged.toString(),
                        scratch.resolve("never-started").toString(), String.valueOf(DrillHost.freePort()))
                .run();
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.stderr()).contains("dump.rdb: FAILED", "REFUSED: checksum mismatch");
        assertThat(scratch.resolve("never-started")).doesNotExist();

        Path restoredDir = scratch.resolve("restored");
        int restoredPort = DrillHost.freePort();
        Command.Result restore = Command.of(DrillHost.backupScript("redis-restore.sh").toString(), backupDir.toString(),
                        restoredDir.toString(), String.valueOf(restoredPort))
                .run();
        try (RespClient restored = RespClient.awaitReady(restoredPort, 10_000)) {
            serverPids.add(Long.parseLong(restored.info("server", "process_id")));
            restore.assertSucceeded();
            assertThat(restore.lastLine()).isEqualTo(String.valueOf(written.size()));
            assertThat(restored.dbsize()).isEqualTo(written.size());
            Map<String, String> readBack = readBack(restored, written.keySet());
            assertThat(digest(readBack)).isEqualTo(digest(written));
            assertThat(restored.info("persistence", "aof_enabled")).isEqualTo("1");
            assertThat(restoredDir.resolve("appendonlydir/appendonly.aof.manifest")).exists();
            Command.Result restoredAof = Command.of("redis-check-aof",
                    restoredDir.resolve("appendonlydir/appendonly.aof.manifest").toString()).run().assertSucceeded();
            assertThat(restoredAof.stdout()).contains("All AOF files and manifest are valid");
            System.out.printf("[drill] redis backup/restore: redis-backup.sh of a live instance (password via REDIS_PASSWORD, "
                            + "never printed) %s: dump.rdb %d keys (%d with TTL) + appendonlydir, redis-check-rdb and "
                            + "redis-check-aof OK; a copy with one flipped bit refused (exit 2); redis-restore.sh into a new "
                            + "data dir on port %d %s: DBSIZE %d, sha256 of all values equal (%s), appendonly on with a "
                            + "valid AOF%n",
                    backup.seconds(), written.size(), GEOCODING_ENTRIES, restoredPort, restore.seconds(),
                    restored.dbsize(), digest(readBack).substring(0, 12));
        }
    }

    /** redis-server with the seed's persistence settings, in the background; returns its pid. */
    private static long startSeedConfiguredServer(Path dir, int port) throws IOException {
        Process server = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", "everysec", "--save", "21600 1",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.out").toFile()))
                .start();
        serverPids.add(server.pid());
        return server.pid();
    }

    /** Session hashes of the taxi bot and geocoding cache strings with a TTL, as the services write them. */
    private static Map<String, String> writeServiceKeys(RespClient redis) {
        Map<String, String> expected = new TreeMap<>();
        for (int chat = 0; chat < SESSIONS; chat++) {
            writeSession(redis, String.valueOf(700_000_000L + chat), chat, expected);
        }
        for (int place = 0; place < GEOCODING_ENTRIES; place++) {
            String city = CITIES[place % CITIES.length];
            String key = "cache:geocoding:" + city.toLowerCase() + ":" + place;
            String value = "{\"lat\":" + (43.0 + place % 1000 / 1000.0) + ",\"lon\":" + (76.0 + place % 700 / 700.0)
                    + ",\"name\":\"" + city + ", улица " + place + "\"}";
            assertThat(redis.call("SET", key, value, "EX", "86400")).isEqualTo("OK");
            expected.put(key, value + " ttl");
        }
        return expected;
    }

    private static void writeSession(RespClient redis, String chat, int n, Map<String, String> expected) {
        String key = "session:bot:taxi:" + chat;
        String[] fields = {"state", n % 2 == 0 ? "AWAITING_SEATS" : "CONFIRMING",
                "from", CITIES[n % CITIES.length], "to", CITIES[(n + 1) % CITIES.length],
                "seats", String.valueOf(1 + n % 4), "lang", n % 3 == 0 ? "kk" : "ru"};
        List<String> command = new ArrayList<>(List.of("HSET", key));
        command.addAll(List.of(fields));
        assertThat(redis.call(command.toArray(String[]::new))).isEqualTo((long) fields.length / 2);
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            sorted.put(fields[i], fields[i + 1]);
        }
        expected.put(key, sorted.toString());
    }

    private static Map<String, String> readBack(RespClient redis, Iterable<String> keys) {
        Map<String, String> values = new TreeMap<>();
        for (String key : keys) {
            String value = canonicalValue(redis, key);
            if (value != null) {
                values.put(key, value);
            }
        }
        return values;
    }

    /** A hash as its sorted fields, a string as its value plus whether it still carries a TTL. */
    private static String canonicalValue(RespClient redis, String key) {
        Object type = redis.call("TYPE", key);
        if ("hash".equals(type)) {
            List<Object> flat = redis.callList("HGETALL", key);
            Map<String, String> sorted = new TreeMap<>();
            for (int i = 0; i < flat.size(); i += 2) {
                sorted.put((String) flat.get(i), (String) flat.get(i + 1));
            }
            return sorted.toString();
        }
        if ("string".equals(type)) {
            long ttl = (Long) redis.call("TTL", key);
            return redis.call("GET", key) + (ttl > 0 ? " ttl" : " no-ttl");
        }
        return null;
    }

    private static String digest(Map<String, String> values) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            values.forEach((key, value) -> sha256.update((key + '\t' + value + '\n').getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
