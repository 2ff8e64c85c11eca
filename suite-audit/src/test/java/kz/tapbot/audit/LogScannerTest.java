package kz.tapbot.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner finds what was planted in a sample log, names file and line, and lets masked values be. */
class LogScannerTest {

    private static final String ADMIN = "operator-admin-token-of-the-scanner-test";
    private final LogScanner scanner = new LogScanner(List.of(ADMIN));

    @TempDir
    Path directory;

    @Test
    void plantedPhonesTokensAndKeysAreFoundByFileAndLine() throws IOException {
        Path log = directory.resolve("service.log");
        Files.write(log, List.of(
                "10:00:00.000 INFO  [kz.ta.ta.bo.TaxiBookings] (main) booking confirmed for +7701***4567",
                "10:00:00.001 INFO  [kz.ta.ta.bo.TaxiBookings] (main) booking confirmed for +77011234567",
                "10:00:00.002 WARN  [kz.ta.ga.re.TelegramDispatcher] calling /bot7012345678:AAH4k2Jd9sLmQpX7vTzR0bYcWnE5uFgHiJk/sendMessage",
                "10:00:00.003 INFO  [io.qu.ht.access-log] GET /api/trips Authorization: Bearer " + ADMIN,
                "10:00:00.004 ERROR [kz.ta.ai.op.OpenAiClient] 401 for key sk-proj-Ab3dEfGh1jKlMnOpQrStUvWxYz0123",
                "10:00:00.005 INFO  [kz.ta.ga.re.TelegramDispatcher] calling /bot7012345678:***/sendMessage with sk-*** and ***"),
                StandardCharsets.UTF_8);

        List<LogScanner.Finding> findings = scanner.scan(log);

        assertEquals(List.of(log + ":2: an unmasked phone number", log + ":3: a bot token",
                log + ":4: a configured secret in clear (ope…, 40 characters)", log + ":5: an OpenAI key"),
                findings.stream().map(Object::toString).toList());
    }

    @Test
    void everyWayOfWritingAKazakhPhoneIsFound() {
        for (String phone : List.of("+77011234567", "+7 701 123 45 67", "+7 (701) 123-45-67", "+7-701-123-45-67",
                "87011234567", "8 701 123 45 67", "8-701-123-45-67", "8 (701) 123-45-67", "77011234567")) {
            assertEquals(List.of("an unmasked phone number"), scanner.secretsIn("contact " + phone + ", please"), phone);
            assertEquals(List.of("an unmasked phone number"), scanner.secretsIn("{\"phone\":\"" + phone + "\"}"), phone);
        }
    }

    @Test
    void maskedValuesIdsPricesAndTimesAreNotFindings() {
        for (String line : List.of("phone +7701***4567 shared", "bot 7012345678:*** sent", "key sk-*** refused",
                "token *** refused", "chat 9100001234 booking 3f2b6c1e-8a4d-4e0b-9a77-0123456789ab",
                "price 12000 KZT at 2026-11-26T07:00:00.123Z", "took 87011 ms", "offset 77011234567890",
                "trace=4bf92f3577b34da6a3ce929d0e0e4736", "port 38701")) {
            assertTrue(scanner.secretsIn(line).isEmpty(), line + " -> " + scanner.secretsIn(line));
        }
    }

    @Test
    void aConfiguredSecretIsNamedWithoutBeingShown() {
        String kind = scanner.secretsIn("token " + ADMIN).get(0);
        assertTrue(!kind.contains(ADMIN) && kind.contains("40 characters"), kind);
    }
}
