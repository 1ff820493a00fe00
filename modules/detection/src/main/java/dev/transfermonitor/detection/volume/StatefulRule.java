package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.rules.Verdict;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** A rule that remembers: keeps per-entity state in its own store, local to the input partition. */
interface StatefulRule {

    String id();

    /** The store this rule keeps its state in. */
    StoreBuilder<KeyValueStore<String, byte[]>> store();

    void init(FixedKeyProcessorContext<?, ?> context);

    void evaluate(Transfer transfer, Verdict verdict);

    /** Forgets entities whose last activity is too far behind {@code newestEventMs} to matter any more. */
    void expire(long newestEventMs);

    /** Deletes the keys of a store whose values say they are stale. */
    static void sweep(KeyValueStore<String, byte[]> store, java.util.function.BiPredicate<String, byte[]> stale,
                      java.util.function.Consumer<String> delete) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        try (var all = store.all()) {
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
