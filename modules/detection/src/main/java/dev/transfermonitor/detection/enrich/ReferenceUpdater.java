package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.reference.ReferenceValidator;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one global store and its {@link ReferenceIndex} view in step with a compacted
 * reference topic. Runs on the global thread, also while restoring ({@code addGlobalStore}
 * with a processor reprocesses the topic on restore), so the index is whole before processing
 * starts and a restart replays the same decisions in the same order. A tombstone deletes; a
 * record that cannot be decoded or fails {@link ReferenceValidator} is counted and skipped, so
 * the last good value stays in force, and the store only ever holds accepted values.
 *
 * <p>Policies are versioned: a record with a lower version than the one in force, or the same
 * version with a different body, is stale (an old directory loaded again, a second publisher)
 * and is ignored and counted, so re-publishing an old policy cannot reopen a route that a
 * newer version closed. A tombstone still retires a policy, whatever its version.
 */
final class ReferenceUpdater<V extends SpecificRecord> implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceUpdater.class);

    private final RecordKind kind;
    private final String storeName;
    private final BiConsumer<String, V> index;
    private final DetectionMetrics metrics;
    private final AvroCodec<V> codec;
    private final LogBudget logBudget = new LogBudget(10, Duration.ofMinutes(1), System::nanoTime);
    private KeyValueStore<String, byte[]> store;
    private ProcessorContext<Void, Void> context;

    ReferenceUpdater(RecordKind kind, String storeName, BiConsumer<String, V> index, DetectionMetrics metrics) {
        this.kind = kind;
        this.storeName = storeName;
        this.index = index;
        this.metrics = metrics;
        this.codec = kind.codec();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        if (key == null || key.isBlank()) {
            reject("record without a key");
            return;
        }
        if (record.value() == null) {
            delete(key);
            return;
        }
        V value;
        try {
            value = codec.decode(record.value());
        } catch (BadRecordException e) {
            reject(e.reason() + ": " + e.getMessage());
            return;
        }
        if (!key.equals(kind.keyOf(value))) {
            reject("key does not match field " + kind.keyField());
            return;
        }
        ReferenceValidator.Problem problem = ReferenceValidator.check(value);
        if (problem != null) {
            reject(problem.toString());
            return;
        }
        String stale = staleAgainst(key, value);
        if (stale != null) {
            metrics.referenceStale(kind);
            reject(stale);
            return;
        }
        store.put(key, record.value());
        index.accept(key, value);
    }

    private void delete(String key) {
        if (kind == RecordKind.NETWORK) {
            try {
                Cidr.parse(key);
            } catch (IllegalArgumentException e) {
                reject("tombstone with an invalid key: " + e.getMessage());
                return;
            }
        }
        // Only accepted values are in the store: a tombstone for anything else deletes nothing
        // (for a region, the built-in entry it overrode is in force again).
        if (store.get(key) == null) {
            return;
        }
        index.accept(key, null);
        store.delete(key);
    }

    /** Why this policy may not replace the one in force, or null (other kinds carry no version). */
    private String staleAgainst(String key, V value) {
        if (!(value instanceof ResidencyPolicy next)) {
            return null;
        }
        byte[] inForce = store.get(key);
        if (inForce == null) {
            return null;
        }
        ResidencyPolicy current = (ResidencyPolicy) codec.decode(inForce);
        if (next.getVersion() < current.getVersion()) {
            return "stale policy: version " + next.getVersion() + " is lower than version " + current.getVersion()
                    + " in force";
        }
        if (next.getVersion() == current.getVersion() && !next.equals(current)) {
            return "conflicting policy: version " + next.getVersion()
                    + " is in force with a different body; publish changes under a higher version";
        }
        return null;
    }

    private void reject(String reason) {
        metrics.referenceRejected(kind);
        long left = logBudget.spend();
        if (left < 0) {
            return;
        }
        String more = left == 0 ? "" : " (" + left + " earlier rejection(s) not logged)";
        // The reason may quote the record's key or fields: escaped, so no one forges a log line or a terminal sequence.
        context.recordMetadata()
                .ifPresentOrElse(
                        m -> LOG.warn(
                                "Ignored a {} record at {}-{}@{}, last good value kept: {}{}",
                                kind,
                                m.topic(),
                                m.partition(),
                                m.offset(),
                                Printable.of(reason),
                                more),
                        () -> LOG.warn(
                                "Ignored a {} record, last good value kept: {}{}", kind, Printable.of(reason), more));
    }
}
