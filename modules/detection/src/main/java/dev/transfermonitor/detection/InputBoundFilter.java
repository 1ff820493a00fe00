package dev.transfermonitor.detection;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Stage 0 of a bounded run only. In: raw input records. Out: those before the run's end
 * offsets, untouched. Records at or beyond the end are not part of the run: they are neither
 * processed nor dead letters (the live monitor judges them).
 */
final class InputBoundFilter<V> implements FixedKeyProcessor<String, V, V> {

    private final InputBounds bounds;
    private FixedKeyProcessorContext<String, V> context;

    InputBoundFilter(InputBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (bounds.contains(meta.topic(), meta.partition(), meta.offset())) {
            context.forward(record);
        }
    }
}
