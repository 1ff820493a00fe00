package dev.transfermonitor.bench.flink;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Just enough of a Kafka Streams processor context to run the project's stateless processors
 * ({@code EventValidator}, {@code DeadLetters}) outside Kafka Streams: the record's topic,
 * partition and offset, the wall clock, and the one record forwarded. Anything else a processor
 * asked for would be a change of theirs that the peer must follow, so it fails loudly.
 */
abstract class DirectContext implements ProcessingContext {

    private Optional<RecordMetadata> metadata = Optional.empty();

    /** Where the next record comes from. */
    final void from(String topic, int partition, long offset) {
        metadata = Optional.of(new Metadata(topic, partition, offset));
    }

    @Override
    public final Optional<RecordMetadata> recordMetadata() {
        return metadata;
    }

    @Override
    public final long currentSystemTimeMs() {
        return System.currentTimeMillis();
    }

    private record Metadata(String topic, int partition, long offset) implements RecordMetadata {}

    /** For a {@code FixedKeyProcessor}: keeps the record forwarded. */
    static final class FixedKey<K, V> extends DirectContext implements FixedKeyProcessorContext<K, V> {
        private FixedKeyRecord<K, V> forwarded;

        /** The record forwarded since the last call, or null. */
        FixedKeyRecord<K, V> take() {
            FixedKeyRecord<K, V> out = forwarded;
            forwarded = null;
            return out;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record) {
            forwarded = (FixedKeyRecord<K, V>) record;
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(FixedKeyRecord<K1, V1> record, String childName) {
            forward(record);
        }
    }

    /** For a {@code Processor}: keeps the record forwarded. */
    static final class Plain<K, V> extends DirectContext implements ProcessorContext<K, V> {
        private Record<K, V> forwarded;

        Record<K, V> take() {
            Record<K, V> out = forwarded;
            forwarded = null;
            return out;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
            forwarded = (Record<K, V>) record;
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
            forward(record);
        }
    }

    @Override
    public String applicationId() {
        throw unsupported();
    }

    @Override
    public TaskId taskId() {
        throw unsupported();
    }

    @Override
    public Serde<?> keySerde() {
        throw unsupported();
    }

    @Override
    public Serde<?> valueSerde() {
        throw unsupported();
    }

    @Override
    public File stateDir() {
        throw unsupported();
    }

    @Override
    public StreamsMetrics metrics() {
        throw unsupported();
    }

    @Override
    public <S extends StateStore> S getStateStore(String name) {
        throw unsupported();
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
        throw unsupported();
    }

    @Override
    public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
        throw unsupported();
    }

    @Override
    public void commit() {
        throw unsupported();
    }

    @Override
    public Map<String, Object> appConfigs() {
        throw unsupported();
    }

    @Override
    public Map<String, Object> appConfigsWithPrefix(String prefix) {
        throw unsupported();
    }

    @Override
    public long currentStreamTimeMs() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("not available outside Kafka Streams");
    }
}
