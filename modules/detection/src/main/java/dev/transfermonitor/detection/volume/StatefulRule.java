package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.rules.Verdict;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * A rule that remembers: keeps its state of each entity as its part of the entity's record in
 * {@link EntityStates}, local to the input partition.
 */
abstract class StatefulRule {

    private final String id;
    private final Predicate<Transfer> holdsRestricted;
    private EntityStates states;
    private int part;

    StatefulRule(String id, Predicate<Transfer> holdsRestricted) {
        this.id = id;
        this.holdsRestricted = holdsRestricted;
    }

    /** Weak authentication weighs on the risk only where the data is restricted. */
    final boolean restrictedData(Transfer t) {
        return holdsRestricted.test(t);
    }

    final String id() {
        return id;
    }

    void init(FixedKeyProcessorContext<?, ?> context, EntityStates states, int part) {
        this.states = states;
        this.part = part;
    }

    /** Stores of the rule's own besides its part of the entity records. */
    List<StoreBuilder<KeyValueStore<String, byte[]>>> stores() {
        return List.of();
    }

    final byte[] state(String entity) {
        return states.get(entity, part);
    }

    final void state(String entity, byte[] value) {
        states.put(entity, part, value);
    }

    abstract void evaluate(Transfer transfer, Verdict verdict);

    /** Whether this rule's state of an entity is too far behind {@code newestEventMs} to matter any more. */
    abstract boolean stale(byte[] state, long newestEventMs);

    /** The rule's state of {@code entity} was dropped as stale: forget whatever else it kept of it. */
    void forget(String entity) {}
}
