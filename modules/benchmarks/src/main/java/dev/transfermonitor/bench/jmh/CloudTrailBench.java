package dev.transfermonitor.bench.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.cloudtrail.CloudTrailSource;
import dev.transfermonitor.sources.cloudtrail.Fixtures;
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
 * The CloudTrail mapper on one log file of {@value #RECORDS} real records (the sources module's
 * test fixtures, each copied with a new eventID): from the file's bytes to the monitor's events,
 * parsing included. The score is records per second on one thread. {@code mix}: {@code reads}
 * is S3 GetObject only (data events, the bulk of a trail that logs them); {@code day} is a mix
 * of reads, shares, grants, ignored and failed calls.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CloudTrailBench {

    static final int RECORDS = 100;

    private static final List<String> DAY = List.of(
            "s3-iam/GetObject-assumedrole-bytestransferred-panther.json",
            "s3-iam/GetObject-assumedrole-bytestransferred-panther.json",
            "s3-iam/GetObject-assumedrole-bytestransferred-panther.json",
            "snapshots/ModifySnapshotAttribute.json",
            "s3-iam/PutBucketPolicy-principal-star-vpce.json",
            "s3-iam/ConsoleLogin-iamuser-mfa-success.json",
            "s3-iam/ListBuckets-querystring.json",
            "s3-iam/AssumeRole-iamuser-crossaccount.json",
            "stratus/RunInstances-failed-unauthorized.json",
            "snapshots/ExecuteStatement-dynamodb.json");

    @Param({"reads", "day"})
    public String mix;

    private byte[] file;
    private CloudTrailSource source;

    @Setup
    public void setUp() {
        List<String> templates = mix.equals("reads") ? DAY.subList(0, 1) : DAY;
        ArrayNode records = JsonPayloads.mapper().createArrayNode();
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode record = Fixtures.tree(templates.get(i % templates.size()));
            record.put("eventID", "bench-" + i);
            records.add(record);
        }
        ObjectNode log = JsonPayloads.mapper().createObjectNode();
        log.set("Records", records);
        file = log.toString().getBytes(StandardCharsets.UTF_8);
        source = new CloudTrailSource(true);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void logFile(Blackhole bh) {
        Consumer<Outcome> out = bh::consume;
        source.read(file, out);
    }
}
