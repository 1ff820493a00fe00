package dev.transfermonitor.app.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.ingest.Ingest;
import dev.transfermonitor.app.ingest.IngestInputs;
import dev.transfermonitor.app.kafka.RecordSender;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.JsonRecordException;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Sources;
import dev.transfermonitor.sources.cloudtrail.CloudTrailSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Input events from JSON-lines files, for an offline replay: each line an access or a
 * replication event (field names as in the schemas, as {@code produce} takes them). Read in
 * a streaming way, so a file of any size goes through in constant memory: once to check every
 * line before anything starts, once to send.
 */
public final class EventFiles {

    /**
     * Which kind the lines are: told, or decided per line by its fields; or CloudTrail files
     * (log files, gzipped or not, directories, JSON lines), mapped as {@code ingest} maps them.
     */
    public enum Kind {
        auto,
        access,
        replication,
        cloudtrail
    }

    /** One event, as read. */
    public record Event(RecordKind kind, SpecificRecord record, Instant occurredAt) {

        /** In [start, end); a null bound is open. */
        public boolean within(Instant start, Instant end) {
            return (start == null || !occurredAt.isBefore(start)) && (end == null || occurredAt.isBefore(end));
        }
    }

    /** How many events of the files lie in a period and how many outside it. */
    public record Count(long inPeriod, long outside) {}

    @FunctionalInterface
    public interface EventHandler {
        void event(Event event);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Path> files;
    private final Kind kind;

    /** @throws ConfigException when a file cannot be read */
    public EventFiles(List<Path> files, Kind kind) {
        this.files = List.copyOf(files);
        this.kind = kind;
        for (Path file : files) {
            if (!Files.isReadable(file) || (kind != Kind.cloudtrail && Files.isDirectory(file))) {
                throw new ConfigException(file + ": cannot read the file (missing or not readable)");
            }
        }
    }

    /**
     * Every event, file after file, line after line.
     *
     * @throws ConfigException on the first bad line, naming the file, line and field
     */
    public void forEach(EventHandler handler) {
        if (kind == Kind.cloudtrail) {
            forEachMapped(handler);
            return;
        }
        for (Path file : files) {
            String source = file.toString();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                JsonRecords.forEachJsonLine(in, source, (json, line) -> {
                    RecordKind k = kindOf(json);
                    SpecificRecord record = JsonRecords.fromJson(k, json, source, line);
                    handler.event(new Event(k, record, occurredAt(record)));
                });
            } catch (JsonRecordException e) {
                throw new ConfigException(e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source, e);
            }
        }
    }

    /** The events CloudTrail records map to, through a source of their own each time (its state starts empty). */
    private void forEachMapped(EventHandler handler) {
        Ingest.Sink sink = new Ingest.Sink() {
            @Override
            public void event(RecordKind k, SpecificRecord record) {
                handler.event(new Event(k, record, occurredAt(record)));
            }

            @Override
            public void credential(Credential credential) {}

            @Override
            public void deadLetter(Outcome.Invalid invalid, String where) {
                throw new ConfigException(where + ": not a record the monitor can read: " + invalid.reason()
                        + " (ingest cloudtrail --dry-run lists every such record)");
            }

            @Override
            public void flush() {}
        };
        IngestInputs.Resolved inputs =
                IngestInputs.resolve(files.stream().map(Path::toString).toList());
        Ingest.Result result = Ingest.run(
                inputs,
                Sources.create(CloudTrailSource.NAME, Sources.Options.defaults()),
                sink,
                new Ingest.Listener() {},
                () -> false,
                InputStream.nullInputStream());
        if (!result.unreadable().isEmpty()) {
            throw new UncheckedIOException(new IOException("cannot read " + String.join(", ", result.unreadable())));
        }
    }

    /**
     * Checks every line and counts the events of the period [start, end) (null bounds are open).
     *
     * @throws ConfigException on the first bad line, naming the file, line and field
     */
    public Count count(Instant start, Instant end) {
        long[] counts = {0, 0};
        forEach(e -> counts[e.within(start, end) ? 0 : 1]++);
        return new Count(counts[0], counts[1]);
    }

    /**
     * Sends the events of the period to their input topics, keyed as the monitor expects, and
     * waits until all are acknowledged.
     *
     * @return the number of events sent
     */
    public long send(MonitorConfig config, Instant start, Instant end) {
        try (RecordSender sender = new RecordSender(config, "sending the events")) {
            forEach(e -> {
                if (e.within(start, end)) {
                    byte[] value = e.kind().codec().encode(e.record());
                    sender.send(config.topics().of(e.kind()), e.kind().keyOf(e.record()), value);
                }
            });
            sender.flush();
            return sender.sent();
        }
    }

    /** A replication has a job and a source asset; anything else is taken for an access. */
    private RecordKind kindOf(String json) {
        return switch (kind) {
            case access -> RecordKind.ACCESS;
            case replication -> RecordKind.REPLICATION;
            case cloudtrail -> throw new IllegalStateException("CloudTrail files are mapped, not read as lines");
            case auto -> {
                try {
                    JsonNode node = JSON.readTree(json);
                    yield node != null && (node.has("jobId") || node.has("sourceAssetId"))
                            ? RecordKind.REPLICATION
                            : RecordKind.ACCESS;
                } catch (JsonProcessingException e) {
                    // Not JSON at all: the access parser reports it with the line and position.
                    yield RecordKind.ACCESS;
                }
            }
        };
    }

    private static Instant occurredAt(SpecificRecord record) {
        return record instanceof DataAccessEvent a ? a.getOccurredAt() : ((ReplicationEvent) record).getOccurredAt();
    }
}
