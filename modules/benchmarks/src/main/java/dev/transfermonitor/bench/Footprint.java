package dev.transfermonitor.bench;

import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a running monitor holds: heap used after a full GC, over the same figure taken just before
 * it started (the harness's own share, the workload for one, stays in the baseline), the process's
 * resident memory (RocksDB lives off the heap), and the size of its state directory on disk.
 */
final class Footprint {

    record Baseline(long heapBytes, long rssBytes) {}

    record Sample(long heapBytes, long rssBytes, long stateDirBytes) {

        /** Scaled linearly to a million principals from the {@code principals} the run had. */
        Sample perMillion(int principals) {
            double factor = 1e6 / principals;
            return new Sample((long) (heapBytes * factor), (long) (rssBytes * factor), (long) (stateDirBytes * factor));
        }
    }

    private Footprint() {}

    /**
     * Heap per principal of the monitor's in-memory reference index (the principal and its SSO
     * credential, decoded), the one per-principal cost on the heap: every other per-principal
     * state lives in RocksDB, off the heap and on disk. Measured on {@code count} synthetic ones.
     */
    static double referenceHeapPerPrincipal(int count) {
        long before = heapAfterGc();
        Instant since = Instant.parse("2024-01-02T00:00:00Z");
        List<ReferenceData.Loaded> records = new ArrayList<>(2 * count);
        for (int i = 0; i < count; i++) {
            String id = "bench-principal-" + i;
            records.add(new ReferenceData.Loaded(
                    RecordKind.PRINCIPAL,
                    id,
                    new Principal(id, PrincipalKind.HUMAN, PrincipalStatus.ACTIVE, since, "KR", new ArrayList<>()),
                    "bench"));
            records.add(new ReferenceData.Loaded(
                    RecordKind.CREDENTIAL, "sso-" + id, new Credential("sso-" + id, id, since, null, null), "bench"));
        }
        ReferenceIndex index = ReferenceIndex.of(records);
        records.clear();
        long after = heapAfterGc();
        // Keep the index reachable until after the measurement.
        return index.principal("bench-principal-0") == null ? Double.NaN : (after - before) / (double) count;
    }

    /** Heap of a reference index holding {@code records}, as the monitor's holds the run's reference data. */
    static long referenceHeap(List<ReferenceData.Loaded> records) {
        long before = heapAfterGc();
        ReferenceIndex index = ReferenceIndex.of(records);
        long after = heapAfterGc();
        Reference.reachabilityFence(index);
        return Math.max(0, after - before);
    }

    static Baseline baseline() {
        return new Baseline(heapAfterGc(), rss());
    }

    static Sample measure(Baseline before, Path stateDir) {
        return new Sample(
                Math.max(0, heapAfterGc() - before.heapBytes()),
                Math.max(0, rss() - before.rssBytes()),
                sizeOf(stateDir));
    }

    static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident set size from /proc (Linux); 0 elsewhere. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static long sizeOf(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> {
                        try {
                            return Files.size(f);
                        } catch (IOException e) {
                            return 0; // a RocksDB file removed by compaction while we walk
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
