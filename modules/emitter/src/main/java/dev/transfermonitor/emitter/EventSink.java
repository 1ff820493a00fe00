package dev.transfermonitor.emitter;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where producers put input events: the Kafka emitter in production, a list in tests. The
 * simulator writes to this interface so it never needs to know about Kafka.
 */
public interface EventSink {

    /** Accepts one data access; may send asynchronously. */
    void access(DataAccessEvent event);

    /** Accepts one replication; may send asynchronously. */
    void replication(ReplicationEvent event);

    /**
     * Accepts an access or a replication event, whichever {@code event} is.
     *
     * @throws IllegalArgumentException for any other record
     */
    default void emit(SpecificRecord event) {
        if (event instanceof DataAccessEvent access) {
            access(access);
        } else if (event instanceof ReplicationEvent replication) {
            replication(replication);
        } else {
            throw new IllegalArgumentException("not an input event: "
                    + (event == null ? "null" : event.getSchema().getFullName()));
        }
    }

    /**
     * Blocks until everything accepted so far is delivered, and reports any delivery failure
     * as an exception. Sinks that deliver synchronously need not override it.
     */
    default void flush() {}
}
