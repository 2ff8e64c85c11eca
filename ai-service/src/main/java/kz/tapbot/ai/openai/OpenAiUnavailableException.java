package kz.tapbot.ai.openai;

/** OpenAI did not answer usefully (refused, failed, timed out, or the circuit is open): use the embedded path. */
public class OpenAiUnavailableException extends RuntimeException {
    public OpenAiUnavailableException(String message) {
        super(message);
    }
}
