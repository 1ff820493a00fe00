package dev.transfermonitor.detection.volume;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps the values written since the last commit decoded in memory
 * and writes each key once, encoded, to the store below (RocksDB and its changelog) when
 * Kafka Streams flushes its caches before committing: an entity seen several times in a
 * commit interval costs one store write and one changelog record instead of one per event.
 *
 * <p>Exactly-once safe as Kafka Streams' own record cache is: the flush comes from the task's
 * commit ({@link CachedStateStore#flushCache()}, before the record collector is flushed and
 * the transaction committed), so the writes are part of the transaction that commits the
 * input offsets; an aborted or revoked task clears the unwritten values with the rest of its
 * state ({@link #clearCache()}, {@link #close()}, {@link #init}). Nothing is ever flushed by a
 * punctuator or a timer. Unlike the record cache, nothing is kept across commits and a full
 * buffer writes all of it (inside the open transaction), so the memory is bounded by
 * {@code maxBuffered} values and no eviction flushes on every put.
 *
 * <p>Kafka Streams hands processors a store of a type it does not know undecorated, so
 * processors call {@link #get} and {@link #put} directly.
 */
public final class WriteBackStore<V> implements StateStore, CachedStateStore<String, V> {

    private static final Object DELETED = new Object();

    private final KeyValueStore<String, byte[]> inner;
    private final Function<V, byte[]> encode;
    private final Function<byte[], V> decode;
    private final int maxBuffered;
    private final Map<String, Object> buffered;

    WriteBackStore(
            KeyValueStore<String, byte[]> inner,
            Function<V, byte[]> encode,
            Function<byte[], V> decode,
            int maxBuffered) {
        this.inner = inner;
        this.encode = encode;
        this.decode = decode;
        this.maxBuffered = maxBuffered;
        this.buffered = new LinkedHashMap<>(Math.min(maxBuffered, 1 << 12) * 2);
    }

    /** A builder over {@code inner}, which must be uncached (logging as it is configured). */
    static <V> StoreBuilder<WriteBackStore<V>> builder(
            StoreBuilder<KeyValueStore<String, byte[]>> inner,
            Function<V, byte[]> encode,
            Function<byte[], V> decode,
            int maxBuffered) {
        return new Builder<>(inner.withCachingDisabled(), encode, decode, maxBuffered);
    }

    /** The value written last, buffered or stored; null when there is none. */
    V get(String key) {
        return getForUpdate(key, UnaryOperator.identity());
    }

    /**
     * The same, for a caller that will change it: a buffered value is copied with {@code copy}
     * (it may still be written as it is if the caller fails), a decoded one is the caller's own.
     */
    @SuppressWarnings("unchecked")
    V getForUpdate(String key, UnaryOperator<V> copy) {
        Object value = buffered.get(key);
        if (value != null) {
            return value == DELETED ? null : copy.apply((V) value);
        }
        byte[] bytes = inner.get(key);
        return bytes == null ? null : decode.apply(bytes);
    }

    /**
     * Replaces the value ({@code null} deletes it, or {@link #encode} may return null). The
     * caller hands the value over: it must not change it afterwards.
     */
    void put(String key, V value) {
        buffered.put(key, value == null ? DELETED : value);
        if (buffered.size() > maxBuffered) {
            writeBuffered();
        }
    }

    /** Values in the buffer, not yet written (for tests and metrics). */
    int buffered() {
        return buffered.size();
    }

    /** Every key and value, after writing what is buffered (inside the open transaction). */
    void forEach(BiConsumer<String, V> action) {
        forEachStored((key, bytes) -> action.accept(key, decode.apply(bytes)));
    }

    /** Every key and its stored bytes, after writing what is buffered (tools and tests read the store so). */
    public void forEachStored(BiConsumer<String, byte[]> action) {
        writeBuffered();
        try (KeyValueIterator<String, byte[]> all = inner.all()) {
            all.forEachRemaining(entry -> action.accept(entry.key, entry.value));
        }
    }

    @SuppressWarnings("unchecked")
    private void writeBuffered() {
        for (Map.Entry<String, Object> entry : buffered.entrySet()) {
            byte[] bytes = entry.getValue() == DELETED ? null : encode.apply((V) entry.getValue());
            if (bytes == null) {
                inner.delete(entry.getKey());
            } else {
                inner.put(entry.getKey(), bytes);
            }
        }
        buffered.clear();
    }

    @Override
    public void flushCache() {
        writeBuffered();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    @Override
    public void clearCache() {
        buffered.clear();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        buffered.clear();
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writeBuffered();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeBuffered();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        buffered.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    private record Builder<V>(
            StoreBuilder<KeyValueStore<String, byte[]>> inner,
            Function<V, byte[]> encode,
            Function<byte[], V> decode,
            int maxBuffered)
            implements StoreBuilder<WriteBackStore<V>> {

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
            throw new UnsupportedOperationException("a write-back store is its own cache");
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public WriteBackStore<V> build() {
            return new WriteBackStore<>(inner.build(), encode, decode, maxBuffered);
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
