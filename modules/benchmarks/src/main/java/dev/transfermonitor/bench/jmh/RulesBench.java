package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.rules.ExternalAccountRule;
import dev.transfermonitor.detection.rules.InactiveIdentityRule;
import dev.transfermonitor.detection.rules.ResidencyRule;
import dev.transfermonitor.detection.rules.RuleEngine;
import dev.transfermonitor.detection.rules.Verdict;
import dev.transfermonitor.detection.rules.WorkloadCredentialRule;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The stateless rules (residency with the policy allowlist, external account, inactive identity) on enriched transfers. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RulesBench {

    private RuleEngine engine;
    private Transfer[] transfers;
    private int next;

    @Setup
    public void setUp() {
        RuleSet rules = RulesFile.bundledSample();
        ReferenceIndex index = ReferenceIndex.of(Samples.reference(0));
        engine = new RuleEngine(List.of(
                new ResidencyRule(rules, index),
                new ExternalAccountRule(rules, index),
                new InactiveIdentityRule(rules, index),
                new WorkloadCredentialRule(rules)));
        Enricher enricher = new Enricher(index, DetectionMetrics.inMemory());
        List<SpecificRecord> events = Samples.events();
        transfers = new Transfer[Samples.SIZE];
        for (int i = 0; i < Samples.SIZE; i++) {
            transfers[i] = enricher.enrich(Samples.valid(events.get(i % events.size()), i));
        }
    }

    @Benchmark
    public Verdict statelessRules() {
        return engine.evaluate(transfers[next++ & (Samples.SIZE - 1)]);
    }
}
