package dev.transfermonitor.events;

/** A record that cannot be accepted, with a reason fit for a DLQ header. */
public class BadRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a record was rejected; the name goes into the DLQ's reason header. */
    public enum Reason {
        EMPTY,
        MALFORMED,
        UNKNOWN_SCHEMA,
        MISSING_FIELD,
        INVALID_FIELD,
        FUTURE_TIMESTAMP,
        IMPOSSIBLE_TIMESTAMP,
        /** The Kafka key is not the event's principal: its state would be split across partitions. */
        KEY_MISMATCH,
        /**
         * An audit-log record ({@code ingest}, {@code run --sources}) that is not of its source's
         * format or lacks what every record of it has; the message says which.
         */
        INVALID_SOURCE_RECORD,
        /**
         * An output this record produced would exceed a record's size limit: it was withheld; the
         * record itself was processed (dead letters of this reason point at it, without its bytes).
         */
        OUTPUT_TOO_LARGE
    }

    private final Reason reason;

    public BadRecordException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
