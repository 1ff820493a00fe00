package dev.transfermonitor.sources;

import java.util.function.Consumer;

/**
 * One audit-log format. Implementations keep only bounded state (such as the sessions a
 * trail has shown being issued) and never throw for bad input: a payload that cannot be read
 * is an {@link Outcome.Invalid}.
 */
public interface Source {

    /** The name on the command line and in topic names: {@code cloudtrail}. */
    String name();

    /**
     * Reads every record of one payload, in order, and reports each outcome.
     *
     * @param payload as the log stores it or the transport carried it: one record, a batch
     *                (CloudTrail's {@code Records}), an envelope, or JSON lines
     */
    void read(byte[] payload, Consumer<Outcome> out);
}
