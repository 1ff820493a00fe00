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
}
