package kz.tapbot.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class MaskingLogFilterTest {

    private final MaskingLogFilter filter = new MaskingLogFilter(new LogMasking(List.of("operator-secret-42")));

    private static ExtLogRecord printf(String format, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, format, ExtLogRecord.FormatStyle.PRINTF,
                MaskingLogFilterTest.class.getName());
        record.setParameters(parameters);
        return record;
    }

    @Test
    void theFormattedMessageIsMaskedAndItsParametersDropped() {
        ExtLogRecord record = printf("booking for %s with token %s", "+77011234567", "operator-secret-42");
        assertTrue(filter.isLoggable(record));
        assertEquals("booking for +7701***4567 with token ***", record.getFormattedMessage());
        assertNull(record.getParameters());
    }

    @Test
    void aMessageFormatRecordOfPlainJulIsMaskedToo() {
        LogRecord record = new LogRecord(Level.INFO, "calling {0}");
        record.setParameters(new Object[] {"Bearer abc.def.ghi"});
        assertTrue(filter.isLoggable(record));
        assertEquals("calling Bearer ***", record.getMessage());
    }

    @Test
    void anExceptionShowingASecretIsReplacedByAMaskedCopyWithTheSameStackTrace() {
        IllegalStateException cause = new IllegalStateException("phone +77011234567 refused");
        RuntimeException thrown = new RuntimeException("sending with sk-abcdefghijklmnopqrstuvwxyz0123 failed", cause);
        ExtLogRecord record = printf("reply failed");
        record.setThrown(thrown);

        filter.isLoggable(record);

        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        assertTrue(trace.toString().startsWith("java.lang.RuntimeException: sending with sk-*** failed"), trace.toString());
        assertTrue(trace.toString().contains("Caused by: java.lang.IllegalStateException: phone +7701***4567 refused"));
        assertFalse(trace.toString().contains("1234567 "));
        assertEquals(thrown.getStackTrace()[0], record.getThrown().getStackTrace()[0]);
    }

    @Test
    void anExceptionWithNothingToHideIsKeptAsItIs() {
        IllegalStateException thrown = new IllegalStateException("Kafka did not acknowledge the update 123456789");
        ExtLogRecord record = printf("publishing failed");
        record.setThrown(thrown);
        filter.isLoggable(record);
        assertSame(thrown, record.getThrown());
    }

    @Test
    void aChatScopeSetsBotAndChatAndRestoresWhatWasThere() {
        try (ChatLogContext.Scope outer = ChatLogContext.of("taxi", 42)) {
            assertEquals("taxi", MDC.get(ChatLogContext.BOT));
            assertEquals("42", MDC.get(ChatLogContext.CHAT_ID));
            try (ChatLogContext.Scope inner = ChatLogContext.of("apartments", 7)) {
                assertEquals("apartments", MDC.get(ChatLogContext.BOT));
                assertEquals("7", MDC.get(ChatLogContext.CHAT_ID));
            }
            assertEquals("taxi", MDC.get(ChatLogContext.BOT));
            assertEquals("42", MDC.get(ChatLogContext.CHAT_ID));
        }
        assertNull(MDC.get(ChatLogContext.BOT));
        assertNull(MDC.get(ChatLogContext.CHAT_ID));
    }
}
