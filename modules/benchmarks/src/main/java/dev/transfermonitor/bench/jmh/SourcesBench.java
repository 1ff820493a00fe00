package dev.transfermonitor.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Sources;
import dev.transfermonitor.sources.gcp.GcpFixtures;
import dev.transfermonitor.sources.pgaudit.PgFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The GCP and pgaudit mappers on one payload of {@value #RECORDS} real records (the sources
 * module's fixtures, each with an id of its own), from bytes to events, parsing included:
 * records per second on one thread. gcp-audit: JSON lines of object reads, queries, a table
 * read, a public grant, a listing and a denied call; pgaudit: the published csvlog session
 * (connections, SELECTs of a table and a view, an INSERT).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SourcesBench {

    static final int RECORDS = 100;

    private static final List<String> GCP = List.of(
            GcpFixtures.STORAGE_GET,
            GcpFixtures.STORAGE_GET_DELEGATED,
            GcpFixtures.QUERY_REDDIT,
            GcpFixtures.QUERY_AUSTIN,
            GcpFixtures.TABLE_DATA_READ,
            GcpFixtures.STORAGE_PUBLIC,
            GcpFixtures.STORAGE_LIST,
            GcpFixtures.STORAGE_GET_DENIED);

    /** csvlog's session_line_num, which with session_id names a pgaudit record. */
    private static final int SESSION_LINE = 6;

    @Param({"gcp-audit", "pgaudit"})
    public String source;

    private byte[] payload;
    private Source reader;

    @Setup
    public void setUp() {
        StringBuilder text = new StringBuilder();
        if (source.equals("gcp-audit")) {
            for (int i = 0; i < RECORDS; i++) {
                ObjectNode entry = GcpFixtures.tree(GCP.get(i % GCP.size()));
                entry.put("insertId", "bench-" + i);
                text.append(entry).append('\n');
            }
        } else {
            List<List<String>> session = PgFixtures.records(PgFixtures.SESSION);
            for (int i = 0; i < RECORDS; i++) {
                text.append(PgFixtures.csv(
                        PgFixtures.with(session.get(i % session.size()), SESSION_LINE, Integer.toString(i + 1))));
            }
        }
        payload = text.toString().getBytes(StandardCharsets.UTF_8);
        reader = Sources.create(source, Sources.Options.defaults());
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void payload(Blackhole bh) {
        Consumer<Outcome> out = bh::consume;
        reader.read(payload, out);
    }
}
