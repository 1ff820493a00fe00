package dev.transfermonitor.detection.lifecycle;

import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.events.AlertKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Alert lifecycle. In: evaluated transfers (key principalId). Out: alert revisions keyed by
 * alertId. One open finding per alert key and episode: revision 1 (NEW) on first sight, a later
 * revision only on escalation (severity up, or the event count at least doubled), so a finding
 * never storms, and a burst across midnight or a month of low-and-slow reads is one case that
 * escalates. An episode closes after {@link RuleSet#quietPeriod()} without events (event time);
 * the next event with that key opens a new one. The alert id ({@link AlertKeys#alertId}) is a
 * name-based UUID of the key and the episode's first event time, so a replay of the same input
 * yields the same ids.
 * State: {@value #STORE}, one entry per open finding, removed by a punctuation once its last
 * event is a quiet period behind the newest event this task has seen.
 */
public final class AlertLifecycle implements Processor<String, TransferVerdict, String, TransferAlert> {

    public static final String STORE = "alert-lifecycle";
    private static final Duration SWEEP = Duration.ofMinutes(10);
    private static final int MAX_EVIDENCE = 20;
    /** A transfer carries at most 64 classes (its asset's 32 and the event's 32); an episode's union stays as small. */
    static final int MAX_CLASSES = 64;

    private final RuleSet rules;
    private final DetectionMetrics metrics;
    private ProcessorContext<String, TransferAlert> context;
    private KeyValueStore<String, AlertState> store;
    private final long quietMs;
    private long newestEventMs = Long.MIN_VALUE;
    private long lastCommitRequestMs = Long.MIN_VALUE / 2;

    static final long MIN_COMMIT_GAP_MS = 250;

    public AlertLifecycle(RuleSet rules, DetectionMetrics metrics) {
        this.rules = rules;
        this.metrics = metrics;
        this.quietMs = rules.quietPeriod().toMillis();
    }

    public static StoreBuilder<KeyValueStore<String, AlertState>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), AlertState.serde());
    }

    @Override
    public void init(ProcessorContext<String, TransferAlert> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        context.schedule(SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> expire());
    }

    /**
     * Drops findings whose episode closed a quiet period ago: the next event with their key opens
     * a new one anyway. The extra quiet period keeps the episode for events that arrive late
     * (out of order across principals), so whether the sweep ran first does not change the ids;
     * an event more than a quiet period behind the newest may still open a new case.
     */
    private void expire() {
        if (newestEventMs == Long.MIN_VALUE) {
            return;
        }
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, AlertState> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (entry.value == null || closed(entry.value, newestEventMs - quietMs)) {
                    old.add(entry.key);
                }
            }
        }
        old.forEach(store::delete);
    }

    private boolean closed(AlertState state, long atMs) {
        return atMs - state.current().getLastSeen().toEpochMilli() > quietMs;
    }

    @Override
    public void process(Record<String, TransferVerdict> record) {
        List<Finding> findings = record.value().verdict().findings();
        if (findings.isEmpty()) {
            return;
        }
        Transfer t = record.value().transfer();
        long at = t.occurredAt().toEpochMilli();
        newestEventMs = Math.max(newestEventMs, at);
        for (Finding finding : findings) {
            if (suppressed(finding, t)) {
                metrics.suppressed(finding.type());
                continue;
            }
            AlertState previous = store.get(finding.alertKey());
            if (previous != null && closed(previous, at)) {
                previous = null; // a new episode
            }
            AlertState next = previous == null ? open(finding, t) : fold(previous, finding, t);
            store.put(finding.alertKey(), next);
            if (next.emittedRevision() != (previous == null ? 0 : previous.emittedRevision())) {
                TransferAlert alert = next.current();
                metrics.alert(alert.getType(), alert.getSeverity());
                long now = context.currentSystemTimeMs();
                metrics.detectionLatency(now - t.occurredAt().toEpochMilli(), now - record.timestamp());
                context.forward(new Record<>(alert.getAlertId(), alert, record.timestamp(), new RecordHeaders()));
                // Alerts do not wait for the commit interval, which may be long so that state writes
                // coalesce; a storm of alerts asks at most every MIN_COMMIT_GAP_MS, so it cannot turn
                // into a transaction per record (the rest wait for the next commit, interval at most).
                if (now - lastCommitRequestMs >= MIN_COMMIT_GAP_MS) {
                    context.commit();
                    lastCommitRequestMs = now;
                }
            }
        }
    }

    private boolean suppressed(Finding finding, Transfer t) {
        for (VolumeSettings.Suppression s : rules.volume().suppressions()) {
            if (s.matches(finding.type(), t.principalId(), t.occurredAt())) {
                return true;
            }
        }
        return false;
    }

    private AlertState open(Finding f, Transfer t) {
        TransferAlert alert = TransferAlert.newBuilder()
                .setAlertId(AlertKeys.alertId(f.alertKey(), t.occurredAt()))
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
                .setDataClasses(new ArrayList<>(f.dataClasses()))
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
        return new AlertState(alert, 1, f.severity(), 1);
    }

    private AlertState fold(AlertState state, Finding f, Transfer t) {
        TransferAlert alert = state.current();
        alert.setEventCount(alert.getEventCount() + 1);
        // What the finding is about grows with it: a SIEM filter on a class or a policy must match.
        alert.setDataClasses(union(alert.getDataClasses(), f.dataClasses()));
        if (f.policyId() != null) {
            alert.setPolicyId(f.policyId());
            alert.setPolicyVersion(f.policyVersion());
        }
        if (t.credentialId() != null) {
            alert.setCredentialId(t.credentialId());
        }
        // Windowed rules report their window's totals; the others add the events up.
        alert.setRecordCount(
                f.totalRecords() != null
                        ? Math.max(alert.getRecordCount(), f.totalRecords())
                        : alert.getRecordCount() + t.recordCount());
        alert.setByteCount(
                f.totalBytes() != null
                        ? Math.max(alert.getByteCount(), f.totalBytes())
                        : alert.getByteCount() + t.byteCount());
        if (t.occurredAt().isBefore(alert.getFirstSeen())) {
            alert.setFirstSeen(t.occurredAt());
        }
        if (t.occurredAt().isAfter(alert.getLastSeen())) {
            alert.setLastSeen(t.occurredAt());
        }
        if (f.windowEnd() != null
                && (alert.getWindowEnd() == null || f.windowEnd().isAfter(alert.getWindowEnd()))) {
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
            return new AlertState(alert, state.emittedRevision(), state.emittedSeverity(), state.emittedEventCount());
        }
        int revision = state.emittedRevision() + 1;
        alert.setRevision(revision);
        return new AlertState(alert, revision, alert.getSeverity(), alert.getEventCount());
    }

    private static List<String> union(List<String> kept, List<String> more) {
        if (kept.containsAll(more)) {
            return kept;
        }
        List<String> union = new ArrayList<>(kept);
        for (String c : more) {
            if (union.size() >= MAX_CLASSES) {
                break;
            }
            if (!union.contains(c)) {
                union.add(c);
            }
        }
        return union;
    }

    private static Evidence evidence(Transfer t) {
        return new Evidence(t.eventId(), t.topic(), t.partition(), t.offset());
    }
}
