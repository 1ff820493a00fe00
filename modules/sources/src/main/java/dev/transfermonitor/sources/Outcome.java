package dev.transfermonitor.sources;

import dev.transfermonitor.avro.Credential;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** What became of one audit-log record; every record read yields exactly one. */
public sealed interface Outcome {

    /** The operation as the log names it ({@code GetObject}); null when the record names none. */
    String eventName();

    /**
     * The record moved or exposed data: access and replication events, and the credential
     * updates it implies (key lifecycle), when the source tracks them.
     */
    record Mapped(String eventName, List<SpecificRecord> events, List<Credential> credentials) implements Outcome {
        public Mapped {
            events = List.copyOf(events);
            credentials = List.copyOf(credentials);
        }
    }

    /** Nothing the monitor judges: another operation, or one that moved no data. */
    record Ignored(String eventName, String reason) implements Outcome {}

    /** The call failed ({@code errorCode}): it moved nothing. */
    record Failed(String eventName, String errorCode) implements Outcome {}

    /**
     * Not a record of this source, or one that lacks what every record has: a dead letter.
     *
     * @param raw the record's text as read, for the dead-letter topic (may be cut short)
     */
    record Invalid(String eventName, String reason, String raw) implements Outcome {}
}
