package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.VolumeSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Stage 4b, the exfiltration rules. In: evaluated transfers (key principalId). Out: the
 * same, with volume burst, slow exfiltration and baseline deviation findings added. The rules
 * keep their state of each entity in one record per entity ({@link EntityStates}) on the input
 * partition; transfers on the allowlist (principal, job or route) are not counted at all. Once
 * an hour (wall clock) each rule forgets the entities idle for longer than its window or
 * horizon allows to matter.
 */
public final class VolumeStage implements FixedKeyProcessor<String, TransferVerdict, TransferVerdict> {

    private static final Duration SWEEP = Duration.ofHours(1);
    private static final Set<String> ALL = Set.of(VolumeBurstRule.ID, SlowExfiltrationRule.ID, BaselineRule.ID);

    private final VolumeSettings settings;
    private final List<StatefulRule> rules;
    private final EntityStates states;

    private FixedKeyProcessorContext<String, TransferVerdict> context;
    private long newestEventMs = Long.MIN_VALUE;

    private VolumeStage(RuleSet ruleSet, DetectionMetrics metrics, Set<String> ruleIds) {
        this.settings = ruleSet.volume();
        this.rules = rules(ruleSet, metrics, ruleIds);
        this.states = new EntityStates(rules.size());
    }

    private static List<StatefulRule> rules(RuleSet ruleSet, DetectionMetrics metrics, Set<String> ruleIds) {
        VolumeSettings settings = ruleSet.volume();
        List<StatefulRule> rules = List.of(
                        new VolumeBurstRule(settings.burst(), ruleSet.dataClasses(), metrics, ruleSet::holdsRestricted),
                        new SlowExfiltrationRule(settings.slow(), metrics, ruleSet::holdsRestricted),
                        new BaselineRule(settings.baseline(), metrics, ruleSet::holdsRestricted))
                .stream()
                .filter(rule -> ruleIds.contains(rule.id()))
                .toList();
        if (rules.size() != ruleIds.size()) {
            throw new IllegalArgumentException("volume rule ids must be among " + ALL + ", got " + ruleIds);
        }
        return rules;
    }

    private static List<StoreBuilder<?>> stores(RuleSet ruleSet, DetectionMetrics metrics, Set<String> ruleIds) {
        List<StatefulRule> rules = rules(ruleSet, metrics, ruleIds);
        List<StoreBuilder<?>> stores = new ArrayList<>();
        stores.add(EntityStates.storeBuilder(rules.size()));
        rules.forEach(rule -> stores.addAll(rule.stores()));
        return stores;
    }

    /** Adds the stage's stores to the builder and returns the supplier. */
    public static FixedKeyProcessorSupplier<String, TransferVerdict, TransferVerdict> addTo(
            StreamsBuilder builder, RuleSet ruleSet, DetectionMetrics metrics) {
        return addTo(builder, ruleSet, metrics, ALL);
    }

    /**
     * The same with only the rules of {@code ruleIds} ({@code volume-burst}, {@code slow-exfiltration},
     * {@code baseline-deviation}), for the benchmarks' equal-work topology.
     */
    public static FixedKeyProcessorSupplier<String, TransferVerdict, TransferVerdict> addTo(
            StreamsBuilder builder, RuleSet ruleSet, DetectionMetrics metrics, Set<String> ruleIds) {
        Set<String> ids = Set.copyOf(ruleIds);
        stores(ruleSet, metrics, ids).forEach(builder::addStateStore);
        return () -> new VolumeStage(ruleSet, metrics, ids);
    }

    public static String[] storeNames() {
        return storeNames(ALL);
    }

    /** The stores of the stage with only the rules of {@code ruleIds}. */
    public static String[] storeNames(Set<String> ruleIds) {
        return stores(RuleSet.defaults(), DetectionMetrics.inMemory(), Set.copyOf(ruleIds)).stream()
                .map(StoreBuilder::name)
                .toArray(String[]::new);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, TransferVerdict> context) {
        this.context = context;
        states.init(context);
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).init(context, states, i);
        }
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> {
            if (newestEventMs != Long.MIN_VALUE) {
                expire(newestEventMs);
            }
        });
    }

    @Override
    public void process(FixedKeyRecord<String, TransferVerdict> record) {
        Transfer t = record.value().transfer();
        newestEventMs = Math.max(newestEventMs, t.occurredAt().toEpochMilli());
        if (!settings.allowlist()
                .allows(
                        t.principalId(),
                        t.jobId(),
                        t.origin().jurisdiction(),
                        t.destination().jurisdiction())) {
            try {
                for (StatefulRule rule : rules) {
                    rule.evaluate(t, record.value().verdict());
                }
                states.flush();
            } finally {
                states.discard(); // after a failure nothing half-done is written by the next event
            }
        }
        context.forward(record);
    }

    private void expire(long newest) {
        states.sweep((entity, parts) -> {
            boolean changed = false;
            for (int i = 0; i < rules.size(); i++) {
                if (parts[i] != null && rules.get(i).stale(parts[i], newest)) {
                    parts[i] = null;
                    rules.get(i).forget(entity);
                    changed = true;
                }
            }
            return changed;
        });
    }
}
