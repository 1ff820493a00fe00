package dev.transfermonitor.bench.jmh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Sources;
import dev.transfermonitor.sources.azure.AzureFixtures;
import dev.transfermonitor.sources.gcp.GcpFixtures;
import dev.transfermonitor.sources.pgaudit.PgFixtures;
import dev.transfermonitor.sources.snowflake.SnowflakeFixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * The GCP, pgaudit and Snowflake mappers on one payload of {@value #RECORDS} real records (the sources
 * module's fixtures, each with an id of its own), from bytes to events, parsing included:
 * records per second on one thread. gcp-audit: JSON lines of object reads, queries, a table
 * read, a public grant, a listing and a denied call; pgaudit: the published csvlog session
 * (connections, SELECTs of a table and a view, an INSERT); snowflake: JSON lines of the
 * QUERY_HISTORY SELECT row, the unload and GET and a DATA_TRANSFER_HISTORY copy (with the ids
 * and times their test events leave out) and an ACCESS_HISTORY unload variant; azure-storage
 * and azure-activity: JSON lines of their fixtures and of the variants their tests map, each
 * record's {@code correlationId} its own (storage: two reads mapped, a GetBlob without identity
 * invalid, a failed listing; activity: a public-access write and a disk export mapped, the write
 * without a caller invalid, a failed SAS listing).
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

    private static final List<Supplier<ObjectNode>> AZURE_STORAGE = List.of(
            () -> AzureFixtures.tree(AzureFixtures.GET_BULK),
            () -> AzureFixtures.tree(AzureFixtures.GET_SAS_URI),
            () -> AzureFixtures.tree(AzureFixtures.LIST_DELEGATION_SAS),
            AzureFixtures::getWithIdentity);

    private static final List<Supplier<ObjectNode>> AZURE_ACTIVITY = List.of(
            () -> AzureFixtures.tree(AzureFixtures.LIST_ACCOUNT_SAS),
            () -> AzureFixtures.tree(AzureFixtures.PUBLIC_ACCESS),
            AzureFixtures::publicAccessWithCaller,
            AzureFixtures::diskAccessAsExported);

    /** csvlog's session_line_num, which with session_id names a pgaudit record. */
    private static final int SESSION_LINE = 6;

    @Param({"gcp-audit", "pgaudit", "snowflake", "azure-storage", "azure-activity"})
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
        } else if (source.equals("snowflake")) {
            List<ObjectNode> rows = snowflakeRows();
            for (int i = 0; i < RECORDS; i++) {
                ObjectNode row = rows.get(i % rows.size()).deepCopy();
                if (row.has("QUERY_ID") || row.has("query_id")) {
                    row.put(row.has("QUERY_ID") ? "QUERY_ID" : "query_id", "bench-" + i);
                } else {
                    row.put("START_TIME", "2024-10-09 " + String.format("%02d", i % 24) + ":00:00.000 +0000");
                }
                text.append(row).append('\n');
            }
        } else if (source.startsWith("azure-")) {
            List<Supplier<ObjectNode>> records = source.equals("azure-storage") ? AZURE_STORAGE : AZURE_ACTIVITY;
            for (int i = 0; i < RECORDS; i++) {
                ObjectNode record = records.get(i % records.size()).get();
                record.put("correlationId", "bench-" + i);
                text.append(record).append('\n');
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

    private static List<ObjectNode> snowflakeRows() {
        ObjectNode unload = SnowflakeFixtures.accessHistoryVariant();
        unload.withArray("BASE_OBJECTS_ACCESSED")
                .addObject()
                .put("objectDomain", "Table")
                .put("objectName", "HR.PUBLIC.STAFF");
        unload.withArray("OBJECTS_MODIFIED")
                .addObject()
                .put("objectDomain", "Stage")
                .put("objectName", "HR.PUBLIC.OUT")
                .put("stageKind", "External Named");
        return List.of(
                SnowflakeFixtures.tree(SnowflakeFixtures.SELECT_FULL_ROW),
                SnowflakeFixtures.withIdAndTime(SnowflakeFixtures.UNLOAD, "q"),
                SnowflakeFixtures.withIdAndTime(SnowflakeFixtures.GET_FILES, "q"),
                SnowflakeFixtures.withStartTime(SnowflakeFixtures.TRANSFER_COPY),
                unload);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void payload(Blackhole bh) {
        Consumer<Outcome> out = bh::consume;
        reader.read(payload, out);
    }
}
