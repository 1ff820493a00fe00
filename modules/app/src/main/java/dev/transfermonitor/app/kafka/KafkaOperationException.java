package dev.transfermonitor.app.kafka;

/**
 * A Kafka request that failed or got no answer in time, saying what the tool was doing. The
 * cause is Kafka's own exception (unwrapped from the future), so a caller can still tell a
 * topic that already exists from a real failure.
 */
public final class KafkaOperationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public KafkaOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
