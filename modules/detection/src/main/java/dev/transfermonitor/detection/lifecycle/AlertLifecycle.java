package dev.transfermonitor.detection.lifecycle;

import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Evaluated;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeRules;
import dev.transfermonitor.detection.rules.Finding;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Alert lifecycle. In: evaluated transfers (key principalId). Out: alert revisions keyed by
 * alertId. One finding per alert key; revision 1 (NEW) on first sight, a later revision only
 * on escalation (severity up, or the event count at least doubled), so a finding never
 * storms. The alert id is a name-based UUID of the key, so a replay yields the same ids.
 * State: {@value #STORE}, one entry per open finding (the keys carry their day), removed by a
 * punctuation once its day is {@link #RETENTION_DAYS} days behind the newest event this task
 * has seen. A finding for a day older than that may open again, at most once per sweep.
 */
public final class AlertLifecycle implements Processor<String, Evaluated, String, TransferAlert> {

    public static final String STORE = "alert-lifecycle";
    static final long RETENTION_DAYS = 7;
    private static final Duration SWEEP = Duration.ofMinutes(10);
    private static final long DAY_MS = 86_400_000L;
    private static final int MAX_EVIDENCE = 20;

    private final RuleSet rules;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, TransferAlert> context;
    private KeyValueStore<String, AlertState> store;
    private long newestDay = Long.MIN_VALUE;

    public AlertLifecycle(RuleSet rules, DetectionMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
    }

    public static StoreBuilder<KeyValueStore<String, AlertState>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), AlertState.serde());
    }

    /** The alert id of a key: stable across runs and replays. */
    public static String alertId(String alertKey) {
        return UUID.nameUUIDFromBytes(alertKey.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public void init(ProcessorContext<String, TransferAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    /** Drops findings whose day is well behind the newest event: they can no longer escalate. */
    private void expire() {
        if (newestDay == Long.MIN_VALUE) {
            return;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value.day() < newestDay - RETENTION_DAYS) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(store::delete);
    }

    @Override
    public void process(Record<String, Evaluated> record) {
        List<Finding> findings = record.value().verdict().findings();
        if (findings.isEmpty()) {
            return;
        }
        Transfer t = record.value().transfer();
        long day = Math.floorDiv(t.occurredAt().toEpochMilli(), DAY_MS);
        newestDay = Math.max(newestDay, day);
        for (Finding finding : findings) {
            if (suppressed(finding, t)) {
                metrics.suppressed(finding.type());
                continue;
            }
            AlertState previous = store.get(finding.alertKey());
            AlertState next = previous == null ? open(finding, t, day) : fold(previous, finding, t, day);
            store.put(finding.alertKey(), next);
            if (next.emittedRevision() != (previous == null ? 0 : previous.emittedRevision())) {
                TransferAlert alert = next.current();
                metrics.alert(alert.getType(), alert.getSeverity());
                long now = context.currentSystemTimeMs();
                metrics.detectionLatency(now - t.occurredAt().toEpochMilli(), now - record.timestamp());
                context.forward(new Record<>(alert.getAlertId(), alert, record.timestamp(), new RecordHeaders()));
            }
        }
    }

    private boolean suppressed(Finding finding, Transfer t) {
        for (VolumeRules.Suppression s : rules.volume().suppressions()) {
            if (s.matches(finding.type(), t.principalId(), t.occurredAt())) {
                return true;
            }
        }
        return false;
    }

    private AlertState open(Finding f, Transfer t, long day) {
        TransferAlert alert = TransferAlert.newBuilder()
                .setAlertId(alertId(f.alertKey()))
                .setAlertKey(f.alertKey())
                .setRevision(1)
                .setType(f.type())
                .setRuleId(f.ruleId())
                .setRuleVersion(rules.version())
                .setSeverity(f.severity())
                .setRiskScore(f.riskScore())
                .setSummary(f.summary())
                .setPrincipalId(t.principalId())
                .setCredentialId(t.credentialId())
                .setOriginJurisdiction(f.originJurisdiction())
                .setDestinationJurisdiction(f.destinationJurisdiction())
                .setDataClasses(f.dataClasses())
                .setFirstSeen(t.occurredAt())
                .setLastSeen(t.occurredAt())
                .setEventCount(1)
                .setRecordCount(f.totalRecords() != null ? f.totalRecords() : t.recordCount())
                .setByteCount(f.totalBytes() != null ? f.totalBytes() : t.byteCount())
                .setPolicyId(f.policyId())
                .setPolicyVersion(f.policyVersion())
                .setMitreTechniques(f.mitreTechniques())
                .setWindowStart(f.windowStart())
                .setWindowEnd(f.windowEnd())
                .setDistinctSubjects(f.distinctSubjects())
                .setEvidence(new ArrayList<>(List.of(evidence(t))))
                .build();
        return new AlertState(alert, 1, f.severity(), 1, day);
    }

    private AlertState fold(AlertState state, Finding f, Transfer t, long day) {
        TransferAlert alert = state.current();
        alert.setEventCount(alert.getEventCount() + 1);
        // Windowed rules report their window's totals; the others add the events up.
        alert.setRecordCount(f.totalRecords() != null ? Math.max(alert.getRecordCount(), f.totalRecords())
                : alert.getRecordCount() + t.recordCount());
        alert.setByteCount(f.totalBytes() != null ? Math.max(alert.getByteCount(), f.totalBytes())
                : alert.getByteCount() + t.byteCount());
        if (t.occurredAt().isBefore(alert.getFirstSeen())) {
            alert.setFirstSeen(t.occurredAt());
        }
        if (t.occurredAt().isAfter(alert.getLastSeen())) {
            alert.setLastSeen(t.occurredAt());
        }
        if (f.windowEnd() != null && (alert.getWindowEnd() == null || f.windowEnd().isAfter(alert.getWindowEnd()))) {
            alert.setWindowEnd(f.windowEnd());
        }
        if (f.distinctSubjects() != null
                && (alert.getDistinctSubjects() == null || f.distinctSubjects() > alert.getDistinctSubjects())) {
            alert.setDistinctSubjects(f.distinctSubjects());
            alert.setSummary(f.summary());
        }
        if (f.riskScore() > alert.getRiskScore()) {
            alert.setRiskScore(f.riskScore());
            alert.setSeverity(f.severity());
            alert.setSummary(f.summary());
        }
        List<Evidence> evidence = new ArrayList<>(alert.getEvidence());
        if (evidence.size() >= MAX_EVIDENCE) {
            // Keep the first half (how it started) and roll the second (what it does now).
            evidence.remove(MAX_EVIDENCE / 2);
        }
        evidence.add(evidence(t));
        alert.setEvidence(evidence);

        boolean escalated = alert.getSeverity().compareTo(state.emittedSeverity()) > 0
                || alert.getEventCount() >= 2 * state.emittedEventCount();
        if (!escalated) {
            return new AlertState(alert, state.emittedRevision(), state.emittedSeverity(), state.emittedEventCount(),
                    Math.max(state.day(), day));
        }
        int revision = state.emittedRevision() + 1;
        alert.setRevision(revision);
        return new AlertState(alert, revision, alert.getSeverity(), alert.getEventCount(), Math.max(state.day(), day));
    }

    private static Evidence evidence(Transfer t) {
        return new Evidence(t.eventId(), t.topic(), t.partition(), t.offset());
    }
}
