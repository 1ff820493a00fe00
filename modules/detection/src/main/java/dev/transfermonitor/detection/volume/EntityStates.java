package dev.transfermonitor.detection.volume;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The volume rules' state of each entity (a principal, or a principal's credential) as one
 * record with a part per rule, so an event reads and writes each of its entities once
 * however many rules count it: the store's reads, writes and changelog records are the cost
 * that matters per event. Parts are loaded on first use in an event and written back, once,
 * when the event is done. Uncached: an entity's writes seldom repeat within a commit interval,
 * and the record cache cost more than it saved (measured with the benchmarks module).
 */
final class EntityStates {

    static final String STORE = "volume-state";
    private static final byte FORMAT = 1;

    private final int parts;
    private final Map<String, byte[][]> loaded = new HashMap<>(4);
    private final Set<String> dirty = new HashSet<>(4);
    private KeyValueStore<String, byte[]> store;

    EntityStates(int parts) {
        this.parts = parts;
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingDisabled();
    }

    void init(FixedKeyProcessorContext<?, ?> context) {
        store = context.getStateStore(STORE);
    }

    /** A rule's part of an entity's state; null when it has none. */
    byte[] get(String entity, int part) {
        return load(entity)[part];
    }

    /** Replaces (or with null, removes) a rule's part; written when the event is done. */
    void put(String entity, int part, byte[] value) {
        load(entity)[part] = value;
        dirty.add(entity);
    }

    /** Writes the entities the event changed and forgets what was loaded. */
    void flush() {
        for (String entity : dirty) {
            write(entity, loaded.get(entity));
        }
        discard();
    }

    /** Forgets what was loaded and changed, unwritten. */
    void discard() {
        dirty.clear();
        loaded.clear();
    }

    /**
     * Lets {@code prune} drop parts of every entity (it returns whether it changed any);
     * entities left with no part are deleted.
     */
    void sweep(BiPredicate<String, byte[][]> prune) {
        List<KeyValue<String, byte[][]>> changed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                byte[][] state = decode(entry.value, parts);
                if (prune.test(entry.key, state)) {
                    changed.add(KeyValue.pair(entry.key, state));
                }
            }
        }
        changed.forEach(e -> write(e.key, e.value));
    }

    private byte[][] load(String entity) {
        byte[][] state = loaded.get(entity);
        if (state == null) {
            state = decode(store.get(entity), parts);
            loaded.put(entity, state);
        }
        return state;
    }

    private void write(String entity, byte[][] state) {
        byte[] bytes = encode(state);
        if (bytes == null) {
            store.delete(entity);
        } else {
            store.put(entity, bytes);
        }
    }

    /** Null when no part is left. */
    static byte[] encode(byte[][] state) {
        int size = 2;
        boolean any = false;
        for (byte[] part : state) {
            size += Integer.BYTES + (part == null ? 0 : part.length);
            any |= part != null;
        }
        if (!any) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(FORMAT).put((byte) state.length);
        for (byte[] part : state) {
            if (part == null) {
                out.putInt(-1);
            } else {
                out.putInt(part.length).put(part);
            }
        }
        return out.array();
    }

    /** Parts this version does not know (a newer one's) are ignored; missing ones are empty. */
    static byte[][] decode(byte[] bytes, int parts) {
        byte[][] state = new byte[parts][];
        if (bytes == null || bytes.length < 2 || bytes[0] != FORMAT) {
            return state;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        int stored = in.get();
        for (int i = 0; i < stored; i++) {
            int length = in.getInt();
            if (length >= 0) {
                byte[] part = new byte[length];
                in.get(part);
                if (i < parts) {
                    state[i] = part;
                }
            }
        }
        return state;
    }
}
