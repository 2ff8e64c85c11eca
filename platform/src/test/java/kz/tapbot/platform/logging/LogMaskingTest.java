package kz.tapbot.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LogMaskingTest {

    private static final String BOT_TOKEN = "7012345678:AAH4k2Jd9sLmQpX7vTzR0bYcWnE5uFgHiJk";
    private final LogMasking masking = new LogMasking(List.of("adm1n-t0ken-from-config", "", " ",
            "123456:taxi-test-token", "ab"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+77011234567                       | +7701***4567",
            "+7 701 123 45 67                   | +7701***4567",
            "+7 (701) 123-45-67                 | +7701***4567",
            "+7(701)1234567                     | +7701***4567",
            "8 701 123 45 67                    | +7701***4567",
            "8(701)123-45-67                    | +7701***4567",
            "87071112233                        | +7707***2233",
            "77011234567                        | +7701***4567",
            "+4915112345678                     | +4915***5678",
            "+1 202 555 0143                    | +1202***0143",
            "call me: +77011234567.             | call me: +7701***4567.",
            "phone=+77011234567, seats=2        | phone=+7701***4567, seats=2",
            "Contact[phoneNumber=4915112345678] | Contact[phoneNumber=4915***5678]",
            "{\"phone_number\":\"998901234567\"}| {\"phone_number\":\"9989***4567\"}",
    })
    void phonesKeepTheirFirstAndLastFourDigits(String line, String masked) {
        assertEquals(masked, masking.mask(line));
    }

    @Test
    void aPhoneBesideOtherNumbersKeepsThemReadable() {
        assertEquals("+7701***4567 paid 15000 for 2 seats",
                masking.mask("+77011234567 paid 15000 for 2 seats"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "update 123456789 of chat 8000123456 published",
            "chat -1001234567890 at 2026-11-25T10:15:30.123Z",
            "price 15000 tenge, 2 seats, 25.11.2026 at 07:30",
            "event 550e8400-e29b-41d4-a716-446655440000 retried in 200 ms",
            "listening on http://127.0.0.1:8082, timeout PT30S, 1715000000000 ms since epoch",
            "confidence 0.87712345678, offset 77",
            "task-force-alpha-bravo-charlie-delta is not a key",
            "missing or wrong X-Telegram-Bot-Api-Secret-Token",
            "the operator API needs 'Authorization: Bearer <TAPBOT_ADMIN_TOKEN>'",
            "user 7012345678 wrote +15000 in 2 days"})
    void ordinaryNumbersAndWordsAreLeftAlone(String line) {
        assertEquals(line, masking.mask(line));
    }

    @Test
    void telegramBotTokensKeepOnlyTheBotId() {
        assertEquals("POST https://api.telegram.org/bot7012345678:***/sendMessage failed",
                masking.mask("POST https://api.telegram.org/bot" + BOT_TOKEN + "/sendMessage failed"));
        assertEquals("token 7012345678:***", masking.mask("token " + BOT_TOKEN));
    }

    @Test
    void openAiKeysAreMasked() {
        assertEquals("key sk-*** and sk-***", masking.mask(
                "key sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD and sk-proj-Ab3_dE-fGh1jKlMnOpQrStUvWxYz0123456789"));
    }

    @Test
    void bearerTokensAndTheWebhookSecretAreMasked() {
        assertEquals("Authorization: Bearer ***", masking.mask("Authorization: Bearer eyJhbGciOi.eyJzdWIi.c2ln+/="));
        assertEquals("authorization=[bearer ***]", masking.mask("authorization=[bearer s3cr3t-Value_1]"));
        assertEquals("X-Telegram-Bot-Api-Secret-Token: ***, body {}",
                masking.mask("X-Telegram-Bot-Api-Secret-Token: my-webhook-secret, body {}"));
        assertEquals("{X-Telegram-Bot-Api-Secret-Token=[***]}",
                masking.mask("{X-Telegram-Bot-Api-Secret-Token=[my-webhook-secret]}"));
        assertEquals("{\"url\":\"https://x\",\"secret_token\":\"***\"}",
                masking.mask("{\"url\":\"https://x\",\"secret_token\":\"abc123XYZ\"}"));
    }

    @Test
    void configuredSecretsAreMaskedLiterallyWherever() {
        assertEquals("token=*** in /api?t=***x", masking.mask("token=adm1n-t0ken-from-config in /api?t=adm1n-t0ken-from-configx"));
        // a configured bot token too short for the pattern keeps its bot id like the others
        assertEquals("calling bot123456:***/getMe", masking.mask("calling bot123456:taxi-test-token/getMe"));
    }

    @Test
    void blankAndVeryShortSecretsAreNotMasked() {
        assertEquals("a bot about cabs", masking.mask("a bot about cabs"));
        assertEquals("  spaced  out  ", masking.mask("  spaced  out  "));
    }

    @Test
    void maskingTwiceChangesNothing() {
        String once = masking.mask("+77011234567 Bearer abc.def sk-abcdefghijklmnopqrstuvwxyz0123 " + BOT_TOKEN
                + " X-Telegram-Bot-Api-Secret-Token: s3cret adm1n-t0ken-from-config 8 701 123 45 67");
        assertEquals(once, masking.mask(once));
        assertFalse(once.contains("011234567") || once.contains("123 45 67"));
        assertTrue(once.contains("+7701***4567"));
    }
}
