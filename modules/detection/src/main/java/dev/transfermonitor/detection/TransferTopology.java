package dev.transfermonitor.detection;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.enrich.ReferenceStores;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.LedgerOut;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.detection.lifecycle.AlertLifecycle;
import dev.transfermonitor.detection.lifecycle.AlertOutputs;
import dev.transfermonitor.detection.rules.ExternalAccountRule;
import dev.transfermonitor.detection.rules.InactiveIdentityRule;
import dev.transfermonitor.detection.rules.ResidencyRule;
import dev.transfermonitor.detection.rules.RuleEngine;
import dev.transfermonitor.detection.rules.WorkloadCredentialRule;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.detection.validate.EventValidator;
import dev.transfermonitor.detection.volume.VolumeStage;
import dev.transfermonitor.events.AvroSerde;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The detection topology, a pure factory: no files, environment or clocks of its own.
 *
 * <pre>
 * access + replication (bytes) -> validate -+-> dead letters -> transfer.dlq.v1
 *                                           +-> enrich (global reference stores) -> rules -> volume rules
 *                                                 -+-> alert lifecycle -> alert outputs (sized) -+-> transfer.alerts.v1 (Avro)
 *                                                  |                                            +-> transfer.alerts.ocsf.v1 (OCSF JSON)
 *                                                  |                                            +-> too large: transfer.dlq.v1
 *                                                  +-> ledger chain    -> transfer.audit.v1
 * </pre>
 *
 * Inputs are keyed by principal at the source, so nothing is repartitioned. A bounded run (a
 * replay, {@link InputBounds}) has one more node, {@code input-bound}, between the sources and
 * validate.
 */
public final class TransferTopology {

    private TransferTopology() {}

    public static Topology build(Topics topics, RuleSet rules, DetectionMetrics metrics) {
        return build(topics, rules, metrics, InputBounds.none());
    }

    /**
     * The same topology over a fixed stretch of the inputs (a replay): records at or beyond
     * {@code bounds} are dropped right after the sources, and "too far in the future" is judged
     * against each record's timestamp, as the live monitor judged it when the record arrived.
     * With {@link InputBounds#none()} the topology is exactly the live one, with no extra node.
     */
    public static Topology build(Topics topics, RuleSet rules, DetectionMetrics metrics, InputBounds bounds) {
        return build(topics, rules, metrics, bounds, builder -> {});
    }

    /**
     * The same, with sub-topologies of the caller's that feed the input topics (the app's
     * audit-log sources), added first so that they run in the same application and transactions.
     */
    public static Topology build(
            Topics topics,
            RuleSet rules,
            DetectionMetrics metrics,
            InputBounds bounds,
            Consumer<StreamsBuilder> feeders) {
        return build(topics, rules, metrics, bounds, feeders, null);
    }

    /** The same, signing the ledger's chains with {@code signer} (null: unsigned). */
    public static Topology build(
            Topics topics,
            RuleSet rules,
            DetectionMetrics metrics,
            InputBounds bounds,
            Consumer<StreamsBuilder> feeders,
            LedgerSigner signer) {
        StreamsBuilder builder = new StreamsBuilder();
        feeders.accept(builder);
        ReferenceIndex index = ReferenceStores.addTo(builder, topics, metrics);
        Enricher enricher = new Enricher(index, metrics, List.copyOf(new TreeSet<>(rules.unlistedResourceClasses())));
        RuleEngine engine = new RuleEngine(List.of(
                new ResidencyRule(rules, index),
                new ExternalAccountRule(rules, index),
                new InactiveIdentityRule(rules, index),
                new WorkloadCredentialRule(rules)));
        builder.addStateStore(AlertLifecycle.storeBuilder());
        builder.addStateStore(LedgerChain.storeBuilder());

        KStream<String, byte[]> events = builder.stream(
                topics.inputs(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("events"));
        if (bounds.bounded()) {
            events = events.processValues(() -> new InputBoundFilter<>(bounds), Named.as("input-bound"));
        }
        Map<String, KStream<String, Decoded>> branches = events.processValues(
                        () -> new EventValidator(topics, rules, metrics, bounds.bounded()), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((key, decoded) -> decoded instanceof Decoded.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));

        branches.get("validated-rejected")
                .process(DeadLetters::new, Named.as("dead-letters"))
                .to(
                        topics.dlq(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq-sink"));

        KStream<String, TransferVerdict> evaluated = branches.get("validated-valid")
                .mapValues(decoded -> enricher.enrich((Decoded.Valid) decoded), Named.as("enrich"))
                .mapValues(transfer -> new TransferVerdict(transfer, engine.evaluate(transfer)), Named.as("rules"))
                .processValues(
                        VolumeStage.addTo(builder, rules, metrics), Named.as("volume-rules"), VolumeStage.storeNames());

        KStream<String, TransferAlert> alerts = evaluated.process(
                () -> new AlertLifecycle(rules, metrics), Named.as("alert-lifecycle"), AlertLifecycle.STORE);
        Map<String, KStream<String, AlertOutputs>> sized = alerts.mapValues(AlertOutputs::of, Named.as("alert-outputs"))
                .split(Named.as("alert-outputs-"))
                .branch((key, out) -> out.problem() != null, Branched.as("too-large"))
                .defaultBranch(Branched.as("fit"));
        KStream<String, AlertOutputs> fit = sized.get("alert-outputs-fit");
        fit.mapValues(AlertOutputs::avro, Named.as("alert-avro"))
                .to(
                        topics.alerts(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("alerts-sink"));
        fit.mapValues(AlertOutputs::ocsf, Named.as("ocsf"))
                .to(
                        topics.alertsOcsf(),
                        Produced.with(Serdes.String(), Serdes.String()).withName("ocsf-sink"));
        sized.get("alert-outputs-too-large")
                .map(
                        (alertId, out) -> KeyValue.<String, Decoded>pair(
                                out.principalId(),
                                new Decoded.Rejected(null, BadRecordException.Reason.OUTPUT_TOO_LARGE, out.problem())),
                        Named.as("oversized-alert"))
                .process(DeadLetters::new, Named.as("oversized-dead-letters"))
                .to(
                        topics.dlq(),
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("oversized-dlq-sink"));

        evaluated
                .process(() -> new LedgerChain(metrics, signer), Named.as("ledger-chain"), LedgerChain.STORE)
                .to(
                        (key, out, context) -> out.digest() != null ? topics.auditDigests() : topics.audit(),
                        Produced.with(Serdes.String(), ledgerSerde())
                                .withStreamPartitioner(LedgerChain.partitioner())
                                .withName("audit-sink"));
        return builder.build();
    }

    private static Serde<LedgerOut> ledgerSerde() {
        AvroSerde<LedgerEntry> entries = AvroSerde.of(LedgerEntry.class);
        AvroSerde<LedgerDigest> digests = AvroSerde.of(LedgerDigest.class);
        return Serdes.serdeFrom(
                (topic, out) -> out == null
                        ? null
                        : out.digest() != null
                                ? digests.serializer().serialize(topic, out.digest())
                                : entries.serializer().serialize(topic, out.entry()),
                (topic, bytes) -> {
                    throw new UnsupportedOperationException("the ledger sink only writes");
                });
    }
}
