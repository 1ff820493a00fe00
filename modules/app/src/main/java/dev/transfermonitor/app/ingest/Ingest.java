package dev.transfermonitor.app.ingest;

import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.PayloadChunks;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Tally;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads audit-log inputs through a {@link Source} and hands every outcome on: events and
 * credential updates to a {@link Sink}, invalid records to its dead letters. Every record read
 * is counted once in the result's {@link Tally}, so records in = mapped + ignored + failed +
 * invalid. Gzip is recognised by its magic bytes, whatever the file is called.
 */
public final class Ingest {

    /** Where outcomes go: the cluster, or JSON lines for {@code --dry-run}. */
    public interface Sink {
        void event(RecordKind kind, SpecificRecord event);

        void credential(Credential credential);

        /** @param where the input and the record's number in it, {@code logs/a.json.gz#17} */
        void deadLetter(Outcome.Invalid invalid, String where);

        /** Everything handed over so far is delivered. */
        void flush();
    }

    /** What the engine is doing, for progress and reports; it never prints. */
    public interface Listener {
        default void reading(IngestInputs.Input input, int index, int count) {}

        /** After each payload: bytes of the inputs read so far (compressed, as on disk), and records. */
        default void progress(long bytesRead, long records) {}

        default void unreadable(IngestInputs.Input input, String reason) {}

        default void invalid(String where, String reason) {}
    }

    /**
     * @param unreadable inputs that could not be read to their end (what was read of them was handled)
     * @param stopped    a stop was requested before the last input was read to its end
     */
    public record Result(
            String source, Tally tally, long events, long credentials, List<String> unreadable, boolean stopped) {}

    private final Source source;
    private final Sink sink;
    private final Listener listener;
    private final Tally tally = new Tally();
    private long events;
    private long credentials;
    private long bytesBefore;
    private String where;
    private long recordInInput;

    private Ingest(Source source, Sink sink, Listener listener) {
        this.source = source;
        this.sink = sink;
        this.listener = listener;
    }

    /** @param stdin what {@code -} reads */
    public static Result run(
            IngestInputs.Resolved inputs,
            Source source,
            Sink sink,
            Listener listener,
            BooleanSupplier stop,
            InputStream stdin) {
        return new Ingest(source, sink, listener).run(inputs.inputs(), stop, stdin);
    }

    private Result run(List<IngestInputs.Input> inputs, BooleanSupplier stop, InputStream stdin) {
        List<String> unreadable = new ArrayList<>();
        boolean stopped = false;
        for (int i = 0; i < inputs.size() && !stopped; i++) {
            IngestInputs.Input input = inputs.get(i);
            listener.reading(input, i, inputs.size());
            where = input.name();
            recordInInput = 0;
            try (Counting counted = new Counting(input.path() == null ? stdin : Files.newInputStream(input.path()))) {
                stopped = read(counted, stop);
                bytesBefore += counted.count;
            } catch (IOException e) {
                unreadable.add(input.name());
                listener.unreadable(input, e.getMessage() == null ? e.toString() : e.getMessage());
            }
        }
        sink.flush();
        return new Result(source.name(), tally, events, credentials, List.copyOf(unreadable), stopped);
    }

    /** True when stopped before the input's end. */
    private boolean read(Counting counted, BooleanSupplier stop) throws IOException {
        InputStream in = new BufferedInputStream(counted, 64 * 1024);
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        if (gzip) {
            in = new GZIPInputStream(in, 64 * 1024);
        }
        boolean[] stopped = {false};
        PayloadChunks.split(in, source.boundary(), new PayloadChunks.Handler() {
            @Override
            public void payload(byte[] payload) {
                if (stopped[0] || (stopped[0] = stop.getAsBoolean())) {
                    return;
                }
                source.read(payload, Ingest.this::handle);
                listener.progress(bytesBefore + counted.count, tally.total().records());
            }

            @Override
            public void tooLarge(byte[] head) {
                handle(new Outcome.Invalid(
                        null,
                        "no record starts within " + PayloadChunks.MAX
                                + " bytes (a value that large is no audit record)",
                        JsonPayloads.decode(head)));
            }
        });
        return stopped[0];
    }

    private void handle(Outcome outcome) {
        recordInInput++;
        tally.count(outcome);
        if (outcome instanceof Outcome.Mapped m) {
            for (SpecificRecord event : m.events()) {
                sink.event(RecordKind.of(event), event);
                events++;
            }
            for (Credential c : m.credentials()) {
                sink.credential(c);
                credentials++;
            }
        } else if (outcome instanceof Outcome.Invalid invalid) {
            String at = where + "#" + recordInInput;
            sink.deadLetter(invalid, at);
            listener.invalid(at, invalid.reason());
        }
    }

    /** Bytes read from the file itself, before decompression: progress against the files' sizes. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
