package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.simulator.scenarios.RuleModel;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/** Inputs for the microbenchmarks: real workload events and the reference data they need. */
public final class Samples {

    /** A power of two, so an index wraps with a mask. */
    public static final int SIZE = 4096;

    private Samples() {}

    /** The first {@link #SIZE} events of a small seeded workload (staff reads, jobs, backups, incidents). */
    public static List<SpecificRecord> events() {
        Workload workload = workload();
        List<SpecificRecord> events = new ArrayList<>(SIZE);
        workload.forEach(e -> {
            if (events.size() < SIZE) {
                events.add(e);
            }
        });
        return events;
    }

    /** The subject keys of {@link #SIZE} reads (staff reads that report some), for the sketch benchmarks. */
    @SuppressWarnings("unchecked")
    public static List<String>[] subjectReads() {
        List<List<String>> withKeys = events().stream()
                .filter(e ->
                        e instanceof DataAccessEvent a && !a.getSubjectKeys().isEmpty())
                .map(e -> ((DataAccessEvent) e).getSubjectKeys())
                .toList();
        List<String>[] reads = new List[SIZE];
        for (int i = 0; i < SIZE; i++) {
            reads[i] = withKeys.get(i % withKeys.size());
        }
        return reads;
    }

    static List<ReferenceData.Loaded> reference(int extraNetworks) {
        List<ReferenceData.Loaded> all = new ArrayList<>(workload().reference());
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < extraNetworks; i++) {
            // Disjoint /24s in 100.64.0.0/10 (shared address space): a large table, few matches.
            int n = i % (1 << 14);
            String cidr = "100." + (64 + (n >> 8)) + "." + (n & 0xff) + ".0/24";
            NetworkRange range =
                    new NetworkRange(cidr, random.nextBoolean() ? "KR" : "US", "synthetic", NetworkScope.UNSPECIFIED);
            all.add(new ReferenceData.Loaded(RecordKind.NETWORK, cidr, range, "bench"));
        }
        return all;
    }

    static Decoded.Valid valid(SpecificRecord event, long offset) {
        if (event instanceof DataAccessEvent a) {
            byte[] address = a.getClientIp() == null ? null : Cidr.parseAddress(a.getClientIp());
            return new Decoded.Valid(a, "transfer.access.v1", 0, offset, address);
        }
        return new Decoded.Valid((ReplicationEvent) event, "transfer.replication.v1", 0, offset, null);
    }

    private static Workload workload() {
        return Workload.generate(new WorkloadOptions(
                7,
                20_000,
                200,
                WorkloadOptions.MIN_DAYS,
                Instant.parse("2026-11-01T00:00:00Z"),
                Set.of(),
                RuleModel.defaults()));
    }
}
