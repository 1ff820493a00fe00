package dev.transfermonitor.detection.validate;

import dev.transfermonitor.events.BadRecordException;
import org.apache.avro.specific.SpecificRecord;

/** The outcome of validating one input record: an event to process, or bytes for the DLQ. */
public sealed interface Decoded {

    /**
     * A decoded, plausible DataAccessEvent or ReplicationEvent; {@code clientAddress} is the
     * access's client IP as parsed by validation (null when none), so enrichment need not parse it again.
     */
    record Valid(SpecificRecord event, String topic, int partition, long offset, byte[] clientAddress)
            implements Decoded {}

    /** The original bytes, untouched, and why they were refused. */
    record Rejected(byte[] original, BadRecordException.Reason reason, String message) implements Decoded {}
}
