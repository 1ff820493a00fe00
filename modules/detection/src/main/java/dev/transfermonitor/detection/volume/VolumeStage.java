package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Evaluated;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeRules;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Stage 4b, the exfiltration rules. In: evaluated transfers (key principalId). Out: the
 * same, with volume burst, slow exfiltration and baseline deviation findings added. Each
 * rule keeps its state in its own store on the input partition; transfers on the
 * allowlist (principal, job or route) are not counted at all. Once an hour (wall clock) each
 * rule forgets the entities idle for longer than its window or horizon allows to matter.
 */
public final class VolumeStage implements FixedKeyProcessor<String, Evaluated, Evaluated> {

    private final VolumeRules settings;
    private final List<StatefulRule> rules;
    private static final java.time.Duration SWEEP = java.time.Duration.ofHours(1);

    private FixedKeyProcessorContext<String, Evaluated> context;
    private long newestEventMs = Long.MIN_VALUE;

    private VolumeStage(RuleSet ruleSet, DetectionMetrics metrics) {
        this.settings = ruleSet.volume();
        this.rules = rules(ruleSet, metrics);
    }

    private static List<StatefulRule> rules(RuleSet ruleSet, DetectionMetrics metrics) {
        VolumeRules settings = ruleSet.volume();
        return List.of(
                new VolumeBurstRule(settings.burst(), metrics, ruleSet::holdsRestricted),
                new SlowExfiltrationRule(settings.slow(), metrics, ruleSet::holdsRestricted),
                new BaselineRule(settings.baseline(), metrics, ruleSet::holdsRestricted));
    }

    /** Adds the stage's stores to the builder and returns the supplier and the store names. */
    public static FixedKeyProcessorSupplier<String, Evaluated, Evaluated> addTo(StreamsBuilder builder, RuleSet ruleSet,
                                                                               DetectionMetrics metrics) {
        for (StatefulRule rule : rules(ruleSet, metrics)) {
            builder.addStateStore(rule.store());
        }
        return () -> new VolumeStage(ruleSet, metrics);
    }

    public static String[] storeNames() {
        return new String[] {VolumeBurstRule.STORE, SlowExfiltrationRule.STORE, BaselineRule.STORE};
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Evaluated> context) {
        this.context = context;
        rules.forEach(rule -> rule.init(context));
        context.schedule(SWEEP, org.apache.kafka.streams.processor.PunctuationType.WALL_CLOCK_TIME, now -> {
            if (newestEventMs != Long.MIN_VALUE) {
                rules.forEach(rule -> rule.expire(newestEventMs));
            }
        });
    }

    @Override
    public void process(FixedKeyRecord<String, Evaluated> record) {
        Transfer t = record.value().transfer();
        newestEventMs = Math.max(newestEventMs, t.occurredAt().toEpochMilli());
        if (!settings.allowlist().allows(t.principalId(), t.jobId(), t.origin().jurisdiction(), t.destination().jurisdiction())) {
            for (StatefulRule rule : rules) {
                rule.evaluate(t, record.value().verdict());
            }
        }
        context.forward(record);
    }
}
