package dev.transfermonitor.detection.validate;

import dev.transfermonitor.events.BadRecordException;
import org.apache.avro.specific.SpecificRecord;

/** The outcome of validating one input record: an event to process, or bytes for the DLQ. */
public sealed interface Decoded {

    /** A decoded, plausible DataAccessEvent or ReplicationEvent. */
    record Valid(SpecificRecord event, String topic, int partition, long offset) implements Decoded {
    }

    /** The original bytes, untouched, and why they were refused. */
    record Rejected(byte[] original, BadRecordException.Reason reason, String message) implements Decoded {
    }
}
