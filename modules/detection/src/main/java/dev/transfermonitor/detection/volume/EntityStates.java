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
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The volume rules' state of each entity (a principal, or a principal's credential) as one
 * record with a part per rule, so an event reads and writes each of its entities once
 * however many rules count it: the store's reads, writes and changelog records are the cost
 * that matters per event. Parts are loaded on first use in an event and handed back, once,
 * when the event is done, to a {@link WriteBackStore}, which writes each entity once per
 * commit. (Kafka Streams' record cache cost more than it saved: with more entities than it
 * held, each eviction flushed every dirty entry; measured with the benchmarks module.)
 */
final class EntityStates {

    static final String STORE = "volume-state";
    private static final byte FORMAT = 1;

    private final int parts;
    private final Map<String, byte[][]> loaded = new HashMap<>(4);
    private final Set<String> dirty = new HashSet<>(4);
    /** Values buffered between commits per task; a few hundred bytes to a few KB each. */
    static final int MAX_BUFFERED = 8_192;

    private WriteBackStore<byte[][]> store;

    EntityStates(int parts) {
        this.parts = parts;
    }

    static StoreBuilder<WriteBackStore<byte[][]>> storeBuilder(int parts) {
        return WriteBackStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
                EntityStates::encode,
                bytes -> decode(bytes, parts),
                MAX_BUFFERED);
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
            store.put(entity, loaded.get(entity));
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
        store.forEach((entity, state) -> {
            if (prune.test(entity, state)) {
                changed.add(KeyValue.pair(entity, state));
            }
        });
        changed.forEach(e -> store.put(e.key, e.value));
    }

    /** A copy of the parts array, so that a failed event leaves the buffered one as it was. */
    private byte[][] load(String entity) {
        byte[][] state = loaded.get(entity);
        if (state == null) {
            byte[][] stored = store.get(entity);
            state = stored == null ? new byte[parts][] : stored.clone();
            loaded.put(entity, state);
        }
        return state;
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
