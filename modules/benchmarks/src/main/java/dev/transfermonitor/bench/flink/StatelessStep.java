package dev.transfermonitor.bench.flink;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.bench.EqualWork;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.RuleEngine;
import dev.transfermonitor.detection.rules.Verdict;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.detection.validate.EventValidator;
import dev.transfermonitor.events.AlertKeys;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.InternalFixedKeyRecordFactory;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The monitor's per-record stateless work with the project's own classes: {@link EventValidator}
 * (decode and checks; rejects become {@link DeadLetters} records), enrichment against the
 * reference topics, the four stateless rules ({@link EqualWork#ruleEngine}), whose findings leave
 * on a side output; then, unless the volume allowlist takes the transfer, each of its data
 * classes goes on to the burst windows.
 */
final class StatelessStep extends ProcessFunction<RawEvent, Contribution> {

    private static final long serialVersionUID = 1L;
    static final OutputTag<Out> OUTPUTS = new OutputTag<>("alerts-and-dead-letters") {
        private static final long serialVersionUID = 1L;
    };

    private final HashMap<String, String> settings;
    private final String alertTopic;
    private transient Topics topics;
    private transient EventValidator validator;
    private transient DirectContext.FixedKey<String, Decoded> validated;
    private transient DeadLetters deadLetters;
    private transient DirectContext.Plain<String, byte[]> dead;
    private transient Enricher enricher;
    private transient RuleEngine engine;
    private transient VolumeSettings.Allowlist allowlist;

    StatelessStep(Map<String, String> settings, String alertTopic) {
        this.settings = new HashMap<>(settings);
        this.alertTopic = alertTopic;
    }

    @Override
    public void open(OpenContext context) {
        MonitorConfig config = FlinkPeer.config(settings);
        RuleSet rules = config.rules();
        topics = config.topics();
        DetectionMetrics metrics = DetectionMetrics.inMemory();
        ReferenceIndex index = ReferenceTopics.read(config.clientProperties(), topics);
        validator = new EventValidator(topics, rules, metrics);
        validated = new DirectContext.FixedKey<>();
        validator.init(validated);
        deadLetters = new DeadLetters();
        dead = new DirectContext.Plain<>();
        deadLetters.init(dead);
        enricher = EqualWork.enricher(index, metrics, rules);
        engine = EqualWork.ruleEngine(rules, index);
        allowlist = rules.volume().allowlist();
    }

    @Override
    public void processElement(RawEvent raw, Context context, Collector<Contribution> out) {
        validated.from(raw.topic, raw.partition, raw.offset);
        FixedKeyRecord<String, byte[]> in = InternalFixedKeyRecordFactory.create(
                new Record<>(raw.key, raw.value, raw.timestamp, new RecordHeaders()));
        validator.process(in);
        Decoded decoded = validated.take().value();
        if (decoded instanceof Decoded.Rejected) {
            dead.from(raw.topic, raw.partition, raw.offset);
            deadLetters.process(new Record<>(raw.key, decoded, raw.timestamp, new RecordHeaders()));
            context.output(OUTPUTS, deadLetter(dead.take()));
            return;
        }
        Transfer t = enricher.enrich((Decoded.Valid) decoded);
        Verdict verdict = engine.evaluate(t);
        for (Finding f : verdict.findings()) {
            context.output(OUTPUTS, Out.alert(alertTopic, raw.key, f.alertKey()));
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
            out.collect(new Contribution(principal + '|' + dataClass, raw.key, at, t.recordCount()));
            if (credential != null) {
                out.collect(new Contribution(credential + '|' + dataClass, raw.key, at, t.recordCount()));
            }
        }
    }

    private Out deadLetter(Record<String, byte[]> letter) {
        Header[] headers = letter.headers().toArray();
        String[] keys = new String[headers.length];
        byte[][] values = new byte[headers.length][];
        for (int i = 0; i < headers.length; i++) {
            keys[i] = headers[i].key();
            values[i] = headers[i].value();
        }
        return new Out(
                topics.dlq(),
                letter.key() == null ? null : letter.key().getBytes(StandardCharsets.UTF_8),
                letter.value(),
                keys,
                values);
    }
}
