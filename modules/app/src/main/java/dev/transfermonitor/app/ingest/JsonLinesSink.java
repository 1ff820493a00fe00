package dev.transfermonitor.app.ingest;

import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.Outcome;
import java.io.PrintWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code ingest --dry-run}: the mapped events as JSON lines, as {@code produce} and
 * {@code replay --events} read them; credential updates and dead letters are only counted.
 */
public final class JsonLinesSink implements Ingest.Sink {

    private final PrintWriter out;

    public JsonLinesSink(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void event(RecordKind kind, SpecificRecord event) {
        out.println(JsonRecords.toJson(event));
    }

    @Override
    public void credential(Credential credential) {}

    @Override
    public void deadLetter(Outcome.Invalid invalid, String where) {}

    @Override
    public void flush() {
        out.flush();
    }
}
