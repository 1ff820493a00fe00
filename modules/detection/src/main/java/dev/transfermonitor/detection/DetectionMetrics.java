package dev.transfermonitor.detection;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.events.RecordKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The topology's own meters. Tags are bounded (types, outcomes, jurisdictions, never
 * principals). Counters are looked up once per tag combination and then cached, so the
 * per-record cost is a map hit and an add.
 */
public final class DetectionMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Timer eventLatency;
    private final Timer ingestLatency;
    /** The per-record counters, registered up front: [access, replication] x [processed, dlq]. */
    private final Counter[] events = new Counter[4];

    public DetectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventLatency = latency(registry, "event");
        this.ingestLatency = latency(registry, "ingest");
        // Alert counters exist from the start at 0, so rate() and increase() see the first alert.
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) {
                counter("transfer.alerts", "type", type.name(), "severity", severity.name());
            }
        }
        String[] types = {"access", "replication"};
        String[] outcomes = {"processed", "dlq"};
        for (int t = 0; t < 2; t++) {
            for (int o = 0; o < 2; o++) {
                events[t * 2 + o] = counter("transfer.events", "type", types[t], "outcome", outcomes[o]);
            }
        }
    }

    /** For tests and tools that do not export metrics. */
    public static DetectionMetrics inMemory() {
        return new DetectionMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One input event taken in: processed, or sent to the DLQ. */
    public void event(boolean access, boolean processed) {
        events[(access ? 0 : 2) + (processed ? 0 : 1)].increment();
    }

    public void alert(AlertType type, Severity severity) {
        counter("transfer.alerts", "type", type.name(), "severity", severity.name())
                .increment();
    }

    public void enrichmentMiss(String kind) {
        counter("transfer.enrichment.misses", "kind", kind).increment();
    }

    public void crossBorder(String origin, String destination, LedgerDecision decision) {
        counter(
                        "transfer.crossborder",
                        "origin",
                        place(origin),
                        "destination",
                        place(destination),
                        "decision",
                        decision.name())
                .increment();
    }

    /** A jurisdiction as a tag: places spanning several (HK+JP+...) share one value, so the tag stays bounded. */
    private static String place(String jurisdiction) {
        return jurisdiction == null ? "unknown" : jurisdiction.indexOf('+') >= 0 ? "multiple" : jurisdiction;
    }

    /** A signed digest of a ledger chain written. */
    public void ledgerDigest() {
        counter("transfer.ledger.digests").increment();
    }

    /** An event too late for a windowed rule's state (past the window and its grace). */
    public void late(String rule) {
        counter("transfer.late.events", "rule", rule).increment();
    }

    /** A transfer whose classes outside the vocabulary a volume rule counted together, in one bucket. */
    public void classesFolded(String rule) {
        counter("transfer.volume.classes.folded", "rule", rule).increment();
    }

    /** An alert not raised because a suppression in the rules matched it. */
    public void suppressed(AlertType type) {
        counter("transfer.alerts.suppressed", "type", type.name()).increment();
    }

    public void referenceRejected(RecordKind kind) {
        counter("transfer.reference.rejected", "kind", kind.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    /**
     * A versioned reference record (a policy) ignored because a higher version, or the same version
     * with another body, is in force. Such a record is also counted as rejected.
     */
    public void referenceStale(RecordKind kind) {
        counter("transfer.reference.stale", "kind", kind.name().toLowerCase(Locale.ROOT))
                .increment();
    }

    /**
     * How long after the event (occurredAt) and after it reached Kafka (the input record's
     * timestamp) an alert was produced.
     */
    public void detectionLatency(long sinceEventMillis, long sinceIngestMillis) {
        eventLatency.record(Math.max(0, sinceEventMillis), TimeUnit.MILLISECONDS);
        ingestLatency.record(Math.max(0, sinceIngestMillis), TimeUnit.MILLISECONDS);
    }

    private static Timer latency(MeterRegistry registry, String from) {
        return Timer.builder("transfer.detection.latency")
                .description("Time from the event (from=event) or from its arrival in Kafka (from=ingest) to the alert")
                .tag("from", from)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    /** The current count of a counter, 0 when it was never incremented. */
    public double count(String name, String... tags) {
        Counter counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private Counter counter(String name, String... tags) {
        String id = name + '|' + String.join("|", tags);
        Counter counter = counters.get(id);
        if (counter == null) {
            counter = counters.computeIfAbsent(
                    id, k -> Counter.builder(name).tags(tags).register(registry));
        }
        return counter;
    }
}
