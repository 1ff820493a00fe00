package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.events.RecordKind;
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
 * reference topic. Runs on the global thread, also while restoring, so the index is whole
 * before processing starts. A tombstone deletes; a record that cannot be decoded or does
 * not make sense is counted and skipped, so the last good value stays in force.
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
            try {
                index.accept(key, null);
            } catch (RuntimeException e) {
                reject("tombstone with an invalid key: " + e.getMessage());
                return;
            }
            store.delete(key);
            return;
        }
        V value;
        try {
            value = codec.decode(record.value());
        } catch (BadRecordException e) {
            reject(e.reason() + ": " + e.getMessage());
            return;
        }
        String problem = check(key, value);
        if (problem != null) {
            reject(problem);
            return;
        }
        store.put(key, record.value());
        index.accept(key, value);
    }

    private String check(String key, V value) {
        if (!key.equals(kind.keyOf(value))) {
            return "key does not match field " + kind.keyField();
        }
        return ReferenceChecks.problem(value);
    }

    private void reject(String reason) {
        metrics.referenceRejected(kind);
        long left = logBudget.spend();
        if (left < 0) {
            return;
        }
        String more = left == 0 ? "" : " (" + left + " earlier rejection(s) not logged)";
        // The reason may quote the record's key or fields: escaped, so no one forges a log line or a terminal sequence.
        context.recordMetadata().ifPresentOrElse(
                m -> LOG.warn("Ignored a {} record at {}-{}@{}, last good value kept: {}{}",
                        kind, m.topic(), m.partition(), m.offset(), Printable.of(reason), more),
                () -> LOG.warn("Ignored a {} record, last good value kept: {}{}", kind, Printable.of(reason), more));
    }
}
