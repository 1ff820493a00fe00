package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.rules.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * A rule that remembers: keeps per-entity state in its own store, local to the input
 * partition, cached so a busy principal's updates reach RocksDB once per commit.
 */
abstract class StatefulRule {

    private final String id;
    private final String storeName;
    private final Predicate<Transfer> holdsRestricted;
    protected KeyValueStore<String, byte[]> store;

    StatefulRule(String id, String storeName, Predicate<Transfer> holdsRestricted) {
        this.id = id;
        this.storeName = storeName;
        this.holdsRestricted = holdsRestricted;
    }

    /** Weak authentication weighs on the risk only where the data is restricted. */
    final boolean restrictedData(Transfer t) {
        return holdsRestricted.test(t);
    }

    final String id() {
        return id;
    }

    final String storeName() {
        return storeName;
    }

    final StoreBuilder<KeyValueStore<String, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled();
    }

    final void init(FixedKeyProcessorContext<?, ?> context) {
        store = context.getStateStore(storeName);
    }

    abstract void evaluate(Transfer transfer, Verdict verdict);

    /** Forgets entities whose last activity is too far behind {@code newestEventMs} to matter any more. */
    abstract void expire(long newestEventMs);

    /** Deletes, through {@code delete}, the keys whose values say they are stale. */
    final void sweep(BiPredicate<String, byte[]> stale, Consumer<String> delete) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (stale.test(entry.key, entry.value)) {
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(delete);
    }
}
