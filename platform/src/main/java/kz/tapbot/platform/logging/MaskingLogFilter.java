package kz.tapbot.platform.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import kz.tapbot.platform.operator.OperatorTokenList;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks every log record before a handler writes it (quarkus.log.console.filter / quarkus.log.file.filter =
 * tapbot-masking), whatever code logged it: the message is formatted with its parameters, masked by
 * {@link LogMasking} and put back without parameters; an attached exception whose messages would show a
 * secret is replaced by a copy with masked messages and the same stack trace. Never drops a record.
 *
 * <p>The secrets masked literally are read from the configuration once, when logging starts: the admin token,
 * every operator token of TAPBOT_OPERATOR_TOKENS, the pseudonym key, the OpenAI key and every bot's token and webhook secret.
 */
@LoggingFilter(name = "tapbot-masking")
public final class MaskingLogFilter implements Filter {

    private static final Pattern SECRET_PROPERTY = Pattern.compile("(?i)tapbot[._]admin[._]token"
            + "|tapbot[._]privacy[._]pseudonym[-_]key|(?:tapbot[._]ai[._])?openai[._]api[-_]key|tapbot[._]bots[._][^.]+[._](?:token|secret)");
    private static final Pattern OPERATOR_TOKENS_PROPERTY = Pattern.compile("(?i)tapbot[._]operator[._]tokens");
    private static final int MAX_CAUSES = 20;

    private final LogMasking masking;

    public MaskingLogFilter() {
        this(new LogMasking(configuredSecrets()));
    }

    MaskingLogFilter(LogMasking masking) {
        this.masking = masking;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        try {
            maskMessage(record);
            maskThrown(record);
        } catch (RuntimeException e) {
            // a line that cannot be masked is replaced rather than printed as it is
            setMessage(record, "<log message withheld: it could not be masked>");
            record.setThrown(null);
        }
        return true;
    }

    private void maskMessage(LogRecord record) {
        String formatted;
        try {
            formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                    : new SimpleFormatter().formatMessage(record);
        } catch (RuntimeException malformedFormat) {
            formatted = record.getMessage();
        }
        String masked = masking.mask(formatted);
        if (masked != null && (!masked.equals(record.getMessage()) || hasParameters(record))) {
            setMessage(record, masked);
        }
    }

    private static boolean hasParameters(LogRecord record) {
        return record.getParameters() != null && record.getParameters().length > 0;
    }

    private static void setMessage(LogRecord record, String message) {
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(message, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(message);
        }
        record.setParameters(null);
        record.setResourceBundle(null);
    }

    private void maskThrown(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown != null && showsSecret(thrown, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            record.setThrown(maskedCopy(thrown, 0));
        }
    }

    private boolean showsSecret(Throwable error, Set<Throwable> seen) {
        if (error == null || !seen.add(error) || seen.size() > MAX_CAUSES) {
            return false;
        }
        String message = error.getMessage();
        if (message != null && !message.equals(masking.mask(message))) {
            return true;
        }
        for (Throwable suppressed : error.getSuppressed()) {
            if (showsSecret(suppressed, seen)) {
                return true;
            }
        }
        return showsSecret(error.getCause(), seen);
    }

    private Throwable maskedCopy(Throwable error, int depth) {
        Throwable cause = error.getCause() == null || error.getCause() == error || depth >= MAX_CAUSES
                ? null : maskedCopy(error.getCause(), depth + 1);
        MaskedException copy = new MaskedException(error.getClass().getName(), masking.mask(error.getMessage()), cause);
        copy.setStackTrace(error.getStackTrace());
        if (depth < MAX_CAUSES) {
            for (Throwable suppressed : error.getSuppressed()) {
                copy.addSuppressed(maskedCopy(suppressed, depth + 1));
            }
        }
        return copy;
    }

    private static List<String> configuredSecrets() {
        List<String> secrets = new ArrayList<>();
        try {
            Config config = ConfigProvider.getConfig();
            for (String name : config.getPropertyNames()) {
                if (SECRET_PROPERTY.matcher(name).matches()) {
                    config.getOptionalValue(name, String.class).ifPresent(secrets::add);
                } else if (OPERATOR_TOKENS_PROPERTY.matcher(name).matches()) {
                    config.getOptionalValue(name, String.class).map(OperatorTokenList::secretsIn).ifPresent(secrets::addAll);
                }
            }
        } catch (RuntimeException e) {
            // no configuration to read (yet): the patterns still apply
        }
        return secrets;
    }

    /** Stands in for an exception whose message showed a secret; prints as the original class. */
    static final class MaskedException extends RuntimeException {

        private final String originalClass;

        MaskedException(String originalClass, String maskedMessage, Throwable cause) {
            super(maskedMessage, cause, true, true);
            this.originalClass = originalClass;
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message == null ? originalClass : originalClass + ": " + message;
        }
    }
}
