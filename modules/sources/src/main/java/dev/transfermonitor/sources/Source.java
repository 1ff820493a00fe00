package dev.transfermonitor.sources;

import java.util.List;
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

    /** Where a long input may be cut into payloads without splitting a record. */
    default PayloadChunks.Boundary boundary() {
        return PayloadChunks.Boundary.JSON;
    }

    /** The file names (lower case suffixes) that hold this source's records in a directory. */
    default List<String> fileSuffixes() {
        return JSON_FILES;
    }

    /** JSON documents and JSON lines, plain or gzipped. */
    List<String> JSON_FILES = List.of(".json", ".json.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz");
}
