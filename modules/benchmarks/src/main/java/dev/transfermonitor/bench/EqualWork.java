package dev.transfermonitor.bench;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.enrich.ReferenceStores;
import dev.transfermonitor.detection.rules.ExternalAccountRule;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.InactiveIdentityRule;
import dev.transfermonitor.detection.rules.ResidencyRule;
import dev.transfermonitor.detection.rules.RuleEngine;
import dev.transfermonitor.detection.rules.WorkloadCredentialRule;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.detection.validate.EventValidator;
import dev.transfermonitor.detection.volume.VolumeStage;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The work both engines do in the equal-work rows: validate (rejects to the dead-letter topic),
 * enrich, the four stateless rules, and the burst rule; every finding's alert key is written to
 * an alert topic of the benchmark's, as bytes. No slow exfiltration, baseline, alert lifecycle or
 * ledger. The Flink peer builds its enricher and rules here too.
 */
public final class EqualWork {

    /** The volume rule both run ({@code VolumeBurstRule.ID}, package-private in detection). */
    public static final Set<String> VOLUME_RULES = Set.of("volume-burst");

    private EqualWork() {}

    /** The enricher as {@code TransferTopology.build} makes it. */
    public static Enricher enricher(ReferenceIndex index, DetectionMetrics metrics, RuleSet rules) {
        return new Enricher(index, metrics, List.copyOf(new TreeSet<>(rules.unlistedResourceClasses())));
    }

    /** The stateless rules, in the order {@code TransferTopology.build} runs them. */
    public static RuleEngine ruleEngine(RuleSet rules, ReferenceIndex index) {
        return new RuleEngine(List.of(
                new ResidencyRule(rules, index),
                new ExternalAccountRule(rules, index),
                new InactiveIdentityRule(rules, index),
                new WorkloadCredentialRule(rules)));
    }

    /** The equal-work topology of the monitor, from the project's public classes. */
    static Topology topology(Topics topics, RuleSet rules, DetectionMetrics metrics, String alertTopic) {
        StreamsBuilder builder = new StreamsBuilder();
        ReferenceIndex index = ReferenceStores.addTo(builder, topics, metrics);
        Enricher enricher = enricher(index, metrics, rules);
        RuleEngine engine = ruleEngine(rules, index);

        KStream<String, byte[]> events = builder.stream(
                topics.inputs(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("events"));
        Map<String, KStream<String, Decoded>> branches = events.processValues(
                        () -> new EventValidator(topics, rules, metrics), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((key, decoded) -> decoded instanceof Decoded.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));
        branches.get("validated-rejected")
                .process(DeadLetters::new, Named.as("dead-letters"))
                .to(
                        topics.dlq(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));
        branches.get("validated-valid")
                .mapValues(decoded -> enricher.enrich((Decoded.Valid) decoded), Named.as("enrich"))
                .mapValues(transfer -> new TransferVerdict(transfer, engine.evaluate(transfer)), Named.as("rules"))
                .processValues(
                        VolumeStage.addTo(builder, rules, metrics, VOLUME_RULES),
                        Named.as("volume-rules"),
                        VolumeStage.storeNames(VOLUME_RULES))
                .flatMapValues(EqualWork::alertKeys, Named.as("alert-keys"))
                .to(
                        alertTopic,
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("alerts-sink"));
        return builder.build();
    }

    private static List<byte[]> alertKeys(TransferVerdict evaluated) {
        List<Finding> findings = evaluated.verdict().findings();
        if (findings.isEmpty()) {
            return List.of();
        }
        return findings.stream()
                .map(f -> f.alertKey().getBytes(StandardCharsets.UTF_8))
                .toList();
    }
}
