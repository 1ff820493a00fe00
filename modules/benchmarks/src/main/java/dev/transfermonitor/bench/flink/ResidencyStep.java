package dev.transfermonitor.bench.flink;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.ResidencyRule;
import dev.transfermonitor.detection.rules.Verdict;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.events.AlertKeys;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.reference.ReferenceData;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decode, enrich (asset region to jurisdiction, client address or country, the sample company's
 * reference data held in memory per task) and the residency rule with the policy allowlist: the
 * project's own classes, so both engines run the same per-record logic. Residency findings leave
 * on a side output; each data class of a non-allowlisted transfer goes on to the burst windows.
 */
final class ResidencyStep extends ProcessFunction<RawEvent, Contribution> {

    private static final long serialVersionUID = 1L;
    static final OutputTag<byte[]> ALERTS = new OutputTag<>("residency-alerts") {
        private static final long serialVersionUID = 1L;
    };

    private final String accessTopic;
    private transient AvroCodec<DataAccessEvent> access;
    private transient AvroCodec<ReplicationEvent> replication;
    private transient Enricher enricher;
    private transient ResidencyRule residency;
    private transient VolumeSettings.Allowlist allowlist;

    ResidencyStep(String accessTopic) {
        this.accessTopic = accessTopic;
    }

    @Override
    public void open(OpenContext context) {
        access = AvroCodec.of(DataAccessEvent.class);
        replication = AvroCodec.of(ReplicationEvent.class);
        RuleSet rules = RulesFile.bundledSample();
        ReferenceIndex index = ReferenceIndex.of(ReferenceData.bundled());
        enricher = new Enricher(index, DetectionMetrics.inMemory());
        residency = new ResidencyRule(rules, index);
        allowlist = rules.volume().allowlist();
    }

    @Override
    public void processElement(RawEvent raw, Context context, Collector<Contribution> out) {
        SpecificRecord event;
        byte[] address = null;
        if (raw.topic.equals(accessTopic)) {
            DataAccessEvent a = access.decode(raw.value);
            address = a.getClientIp() == null ? null : Cidr.parseAddress(a.getClientIp());
            event = a;
        } else {
            event = replication.decode(raw.value);
        }
        Transfer t = enricher.enrich(new Decoded.Valid(event, raw.topic, raw.partition, raw.offset, address));
        Verdict verdict = new Verdict();
        residency.evaluate(t, verdict);
        for (Finding f : verdict.findings()) {
            context.output(ALERTS, f.alertKey().getBytes(StandardCharsets.UTF_8));
        }
        if (allowlist.allows(
                t.principalId(),
                t.jobId(),
                t.origin().jurisdiction(),
                t.destination().jurisdiction())) {
            return;
        }
        long at = t.occurredAt().toEpochMilli();
        // Per principal and per credential (of this principal), as the monitor's burst rule counts.
        String principal = AlertKeys.principalEntity(t.principalId());
        String credential =
                t.credentialId() == null ? null : AlertKeys.credentialEntity(t.principalId(), t.credentialId());
        for (String dataClass : t.dataClasses()) {
            out.collect(new Contribution(principal + '|' + dataClass, at, t.recordCount()));
            if (credential != null) {
                out.collect(new Contribution(credential + '|' + dataClass, at, t.recordCount()));
            }
        }
    }
}
