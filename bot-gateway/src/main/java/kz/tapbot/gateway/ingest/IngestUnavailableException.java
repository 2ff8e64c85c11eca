package kz.tapbot.gateway.ingest;

/** The update could not be taken now (Redis or Kafka unavailable): its sender should retry. */
public class IngestUnavailableException extends RuntimeException {
    public IngestUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
