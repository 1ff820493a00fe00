package dev.transfermonitor.detection.volume;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * The volume rules' state of each entity (a principal, or a principal's credential) as a part
 * per rule, so an event reads and writes each of its entities once however many rules count
 * it: the store's reads, writes and changelog records are the cost that matters per event.
 * A principal's record also holds the state of its first {@link #CREDENTIALS_PER_RECORD}
 * credentials, so an event by a principal with a credential reads and writes one record, not
 * two; further credentials (a principal with many keys) get records of their own, which keeps
 * every record far below Kafka's record size whatever the keys. Parts are loaded on first use
 * in an event and handed back, once, when the event is done, to a {@link WriteBackStore},
 * which writes each record once per commit. (Kafka Streams' record cache cost more than it
 * saved: with more entities than it held, each eviction flushed every dirty entry; measured
 * with the benchmarks module.)
 */
final class EntityStates {

    static final String STORE = "volume-state";
    /** Credentials whose state shares their principal's record. */
    static final int CREDENTIALS_PER_RECORD = 2;
    /** Values buffered between commits per task; a few hundred bytes to a few KB each. */
    static final int MAX_BUFFERED = 8_192;

    private static final byte FORMAT = 1;
    private static final byte SHARED_FORMAT = 2;
    /** The slot of the record key's own entity. */
    private static final String OWN = "";

    private final int parts;
    /** Working copies of the records this event touched, by record key. */
    private final Map<String, Slots> records = new HashMap<>(4);
    /** Which record holds each entity this event touched. */
    private final Map<String, String> placed = new HashMap<>(4);

    private final Set<String> dirty = new HashSet<>(4);
    private WriteBackStore<Slots> store;

    EntityStates(int parts) {
        this.parts = parts;
    }

    static StoreBuilder<WriteBackStore<Slots>> storeBuilder(int parts) {
        return WriteBackStore.builder(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray()),
                Slots::encode,
                bytes -> Slots.decode(bytes, parts),
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
        dirty.add(placed.get(entity));
    }

    /** Hands the records the event changed to the store and forgets what was loaded. */
    void flush() {
        for (String key : dirty) {
            store.put(key, records.get(key));
        }
        discard();
    }

    /** Forgets what was loaded and changed, unwritten. */
    void discard() {
        dirty.clear();
        records.clear();
        placed.clear();
    }

    /**
     * Lets {@code prune} drop parts of every entity (it returns whether it changed any);
     * entities left with no part are dropped, and records left with none deleted.
     */
    void sweep(BiPredicate<String, byte[][]> prune) {
        List<KeyValue<String, Slots>> changed = new ArrayList<>();
        store.forEach((key, record) -> {
            boolean any = false;
            for (Map.Entry<String, byte[][]> slot : record.slots.entrySet()) {
                any |= prune.test(slot.getKey().equals(OWN) ? key : slot.getKey(), slot.getValue());
            }
            if (any) {
                changed.add(KeyValue.pair(key, record));
            }
        });
        changed.forEach(e -> store.put(e.key, e.value));
    }

    /**
     * The entity's parts in the working copy of its record: its principal's record when it is
     * the principal or one of the credentials placed there; else its own record when it has one
     * (placed there when the principal's record was full, or written before records were
     * shared); else a new slot in the principal's record while there is room, or its own.
     */
    private byte[][] load(String entity) {
        String key = placed.get(entity);
        if (key != null) {
            return records.get(key).slot(key.equals(entity) ? OWN : entity, parts);
        }
        String owner = owner(entity);
        Slots shared = record(owner);
        if (owner.equals(entity) || shared.slots.containsKey(entity)) {
            return place(entity, owner, shared);
        }
        Slots alone = record(entity);
        if (!alone.slots.isEmpty() || shared.credentials() >= CREDENTIALS_PER_RECORD) {
            return place(entity, entity, alone);
        }
        return place(entity, owner, shared);
    }

    private byte[][] place(String entity, String key, Slots record) {
        placed.put(entity, key);
        return record.slot(key.equals(entity) ? OWN : entity, parts);
    }

    private Slots record(String key) {
        Slots record = records.get(key);
        if (record == null) {
            Slots stored = store.getForUpdate(key, Slots::copy);
            record = stored == null ? new Slots() : stored;
            records.put(key, record);
        }
        return record;
    }

    /** The principal's entity key of a principal or credential entity. */
    static String owner(String entity) {
        int part = entity.indexOf(Entities.PART);
        return part < 0 ? entity : "p:" + entity.substring(2, part);
    }

    /** A record's entities, by slot name ({@link #OWN} for the key's own), with their parts. */
    static final class Slots {

        final Map<String, byte[][]> slots;

        Slots() {
            this(new LinkedHashMap<>(4));
        }

        private Slots(Map<String, byte[][]> slots) {
            this.slots = slots;
        }

        byte[][] slot(String name, int parts) {
            return slots.computeIfAbsent(name, n -> new byte[parts][]);
        }

        int credentials() {
            return slots.containsKey(OWN) ? slots.size() - 1 : slots.size();
        }

        /** The working copy of an event: a failed event leaves the stored one as it was. */
        Slots copy() {
            Map<String, byte[][]> copy = new LinkedHashMap<>(slots.size() * 2);
            slots.forEach((name, state) -> copy.put(name, state.clone()));
            return new Slots(copy);
        }

        /** Null when no entity has a part left. */
        static byte[] encode(Slots record) {
            List<byte[]> names = new ArrayList<>(record.slots.size());
            List<byte[]> states = new ArrayList<>(record.slots.size());
            int size = 2;
            for (Map.Entry<String, byte[][]> slot : record.slots.entrySet()) {
                byte[] state = EntityStates.encode(slot.getValue());
                if (state != null) {
                    byte[] name = slot.getKey().getBytes(StandardCharsets.UTF_8);
                    names.add(name);
                    states.add(state);
                    size += 2 * Integer.BYTES + name.length + state.length;
                }
            }
            if (states.isEmpty()) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(size).put(SHARED_FORMAT).put((byte) states.size());
            for (int i = 0; i < states.size(); i++) {
                out.putInt(names.get(i).length).put(names.get(i));
                out.putInt(states.get(i).length).put(states.get(i));
            }
            return out.array();
        }

        /** A record of the first format is its key's own entity alone; other bytes read as no state. */
        static Slots decode(byte[] bytes, int parts) {
            Slots record = new Slots();
            if (bytes == null || bytes.length < 2) {
                return record;
            }
            if (bytes[0] == FORMAT) {
                record.slots.put(OWN, EntityStates.decode(bytes, parts));
                return record;
            }
            if (bytes[0] != SHARED_FORMAT) {
                return record;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            int n = Byte.toUnsignedInt(in.get());
            for (int i = 0; i < n; i++) {
                byte[] name = new byte[in.getInt()];
                in.get(name);
                byte[] state = new byte[in.getInt()];
                in.get(state);
                record.slots.put(new String(name, StandardCharsets.UTF_8), EntityStates.decode(state, parts));
            }
            return record;
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
