package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.reference.Cidr;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Enrichment as the stream thread does it: the client address parsed (the validator does it
 * once) and matched against the network ranges (longest prefix), and the whole normalise +
 * enrich step of one event. {@code networks}: the sample company's 10 ranges plus this many
 * synthetic /24s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnrichmentBench {

    @Param({"0", "10000"})
    public int networks;

    private ReferenceIndex index;
    private Enricher enricher;
    private String[] ips;
    private byte[][] addresses;
    private Decoded.Valid[] valids;
    private int next;

    @Setup
    public void setUp() {
        index = ReferenceIndex.of(Samples.reference(networks));
        enricher = new Enricher(index, DetectionMetrics.inMemory());
        List<SpecificRecord> events = Samples.events();
        List<String> withIp = events.stream()
                .filter(e -> e instanceof DataAccessEvent a && a.getClientIp() != null)
                .map(e -> ((DataAccessEvent) e).getClientIp())
                .toList();
        ips = new String[Samples.SIZE];
        addresses = new byte[Samples.SIZE][];
        for (int i = 0; i < Samples.SIZE; i++) {
            ips[i] = withIp.get(i % withIp.size());
            addresses[i] = Cidr.parseAddress(ips[i]);
        }
        valids = new Decoded.Valid[Samples.SIZE];
        for (int i = 0; i < Samples.SIZE; i++) {
            valids[i] = Samples.valid(events.get(i % events.size()), i);
        }
    }

    @Benchmark
    public NetworkRange networkLookup() {
        return index.network(addresses[next++ & (Samples.SIZE - 1)]);
    }

    @Benchmark
    public NetworkRange parseAndLookup() {
        return index.network(Cidr.parseAddress(ips[next++ & (Samples.SIZE - 1)]));
    }

    @Benchmark
    public Transfer enrich() {
        return enricher.enrich(valids[next++ & (Samples.SIZE - 1)]);
    }
}
