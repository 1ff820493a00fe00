package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.AlertKeys;
import dev.transfermonitor.events.UtcDays;
import dev.transfermonitor.simulator.Scenario;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The exfiltration rules' arithmetic, done exactly on a list of events in time order: where
 * the volume burst, slow exfiltration and baseline deviation rules would fire, given a
 * {@link RuleModel}. It repeats the detection module's rules (same windows, entities, UTC days and
 * alert keys) but counts distinct subjects exactly where the monitor estimates them with
 * sketches, so "detectable from" means the moment the truth crosses the threshold. Used to
 * measure planted incidents and, in tests, to prove that benign traffic stays under every threshold.
 */
final class RuleMirror {

    /** One event on which a rule fires, with the alert key it would fire under. */
    record Firing(AlertType type, String alertKey, Instant at, String eventId, String scenario) {}

    private final RuleModel model;
    private final Map<String, List<String>> assetClasses;
    private final long windowMinutes;
    private final Map<String, ArrayDeque<long[]>> burst = new HashMap<>();
    private final Map<String, Map<String, Long>> slow = new HashMap<>();
    private final Map<String, History> baseline = new HashMap<>();

    RuleMirror(RuleModel model, Map<String, List<String>> assetClasses) {
        this.model = model;
        this.assetClasses = assetClasses;
        this.windowMinutes = model.burstWindow().toMinutes();
    }

    /** Every firing over {@code events}, which must be in time order. */
    List<Firing> run(Iterable<SpecificRecord> events) {
        List<Firing> firings = new ArrayList<>();
        for (SpecificRecord event : events) {
            accept(event, firings::add);
        }
        return firings;
    }

    void accept(SpecificRecord event, Consumer<Firing> out) {
        String principal;
        String credential;
        String jobId = null;
        Instant at;
        long records;
        long bytes;
        List<String> classes;
        List<String> keys = List.of();
        String eventId;
        Map<String, String> attributes;
        if (event instanceof DataAccessEvent e) {
            principal = e.getPrincipalId();
            credential = e.getCredentialId();
            at = e.getOccurredAt();
            records = e.getRecordCount();
            bytes = e.getByteCount();
            classes = e.getDataClasses() != null
                    ? e.getDataClasses()
                    : assetClasses.getOrDefault(e.getAssetId(), List.of());
            keys = e.getSubjectKeys();
            eventId = e.getEventId();
            attributes = e.getAttributes();
        } else if (event instanceof ReplicationEvent e) {
            principal = e.getPrincipalId();
            credential = e.getCredentialId();
            jobId = e.getJobId();
            at = e.getOccurredAt();
            records = e.getRecordCount();
            bytes = e.getByteCount();
            classes = e.getDataClasses() != null
                    ? e.getDataClasses()
                    : assetClasses.getOrDefault(e.getSourceAssetId(), List.of());
            eventId = e.getEventId();
            attributes = e.getAttributes();
        } else {
            throw new IllegalArgumentException(
                    "not an input event: " + event.getSchema().getFullName());
        }
        if (model.allowlisted(principal, jobId)) {
            return;
        }
        String scenario = attributes == null ? null : attributes.get(Scenario.ATTRIBUTE);
        if (classes.isEmpty()) {
            classes = List.of("UNCLASSIFIED");
        }
        long day = UtcDays.of(at);
        // The monitor's key plus the day: the workload measures the first firing of each day.
        String daySuffix = "|" + UtcDays.date(day);
        String principalEntity = AlertKeys.principalEntity(principal);
        String credentialEntity = credential == null ? null : AlertKeys.credentialEntity(principal, credential);

        long minute = Math.floorDiv(at.toEpochMilli(), EventKit.MINUTE_MS);
        boolean byCredential = credentialEntity != null && burst(credentialEntity, minute, classes, records, bytes);
        boolean byPrincipal = burst(principalEntity, minute, classes, records, bytes);
        if (byCredential || byPrincipal) {
            String entity = byCredential ? credentialEntity : principalEntity;
            out.accept(new Firing(
                    AlertType.VOLUME_BURST,
                    AlertKeys.of(AlertType.VOLUME_BURST, entity) + daySuffix,
                    at,
                    eventId,
                    scenario));
        }

        if (!keys.isEmpty()) {
            long slowByCredential = credentialEntity == null ? -1 : distinct(credentialEntity, day, keys);
            long slowByPrincipal = distinct(principalEntity, day, keys);
            String entity = slowByCredential >= model.slowDistinctSubjects()
                    ? credentialEntity
                    : slowByPrincipal >= model.slowDistinctSubjects() ? principalEntity : null;
            if (entity != null) {
                out.accept(new Firing(
                        AlertType.SLOW_EXFILTRATION,
                        AlertKeys.of(AlertType.SLOW_EXFILTRATION, entity) + daySuffix,
                        at,
                        eventId,
                        scenario));
            }
        }

        if (baseline(principalEntity, day, records)) {
            out.accept(new Firing(
                    AlertType.BASELINE_DEVIATION,
                    AlertKeys.of(AlertType.BASELINE_DEVIATION, principalEntity) + daySuffix,
                    at,
                    eventId,
                    scenario));
        }
    }

    /** Adds to the entity's minute buckets; whether any class is at its limit in the window ending now. */
    private boolean burst(String entity, long minute, List<String> classes, long records, long bytes) {
        boolean crossed = false;
        for (String dataClass : classes) {
            long[] sum = add(entity + '|' + dataClass, minute, records, bytes);
            RuleModel.Limit limit = model.burstLimit(dataClass);
            crossed |= (limit.records() > 0 && sum[0] >= limit.records())
                    || (limit.bytes() > 0 && sum[1] >= limit.bytes());
        }
        return crossed;
    }

    /** Records and bytes of one entity and class in the minutes (minute - window, minute], this event included. */
    private long[] add(String entityAndClass, long minute, long records, long bytes) {
        ArrayDeque<long[]> buckets = burst.computeIfAbsent(entityAndClass, e -> new ArrayDeque<>());
        while (!buckets.isEmpty() && buckets.peekFirst()[0] <= minute - windowMinutes) {
            buckets.removeFirst();
        }
        long[] last = buckets.peekLast();
        if (last == null || last[0] != minute) {
            last = new long[] {minute, 0, 0};
            buckets.addLast(last);
        }
        last[1] += records;
        last[2] += bytes;
        long[] total = new long[2];
        for (long[] b : buckets) {
            total[0] += b[1];
            total[1] += b[2];
        }
        return total;
    }

    /** Adds the keys to the entity's subjects; the exact count of distinct subjects within the horizon. */
    private long distinct(String entity, long day, List<String> keys) {
        Map<String, Long> lastSeen = slow.computeIfAbsent(entity, e -> new HashMap<>());
        for (String key : keys) {
            lastSeen.put(key, day);
        }
        if (lastSeen.size() < model.slowDistinctSubjects()) {
            return lastSeen.size(); // every subject is in the horizon or not: either way below the threshold
        }
        long oldest = day - model.slowHorizonDays() + 1;
        long count = 0;
        for (Iterator<Long> it = lastSeen.values().iterator(); it.hasNext(); ) {
            if (it.next() >= oldest) {
                count++;
            } else {
                it.remove();
            }
        }
        return count;
    }

    /** The baseline rule's state and test, on the principal's records per UTC day. */
    private boolean baseline(String entity, long day, long records) {
        History h = baseline.get(entity);
        if (h == null) {
            h = new History(day);
            baseline.put(entity, h);
        } else if (day > h.day) {
            h.rollTo(day, model.baselineHistoryDays());
        } else if (day < h.day) {
            return false;
        }
        h.today += records;
        if (h.active < model.baselineMinHistoryDays() || h.today < model.baselineMinRecords()) {
            return false;
        }
        return h.today > limit(h);
    }

    /** The most records the principal may move today before the baseline rule fires. */
    double limit(History h) {
        double spread = Math.max(1, Math.max(h.mad, 0.05 * Math.max(h.median, model.baselineMinRecords())));
        return h.median + model.baselineMadMultiplier() * spread;
    }

    /**
     * Today's running total and the totals of the past days kept (oldest first), with the
     * number of active days (records > 0) among them and the median and MAD of those.
     */
    static final class History {
        long day;
        long today;
        long[] days = new long[0];
        int active;
        double median;
        double mad;

        History(long day) {
            this.day = day;
        }

        void rollTo(long newDay, int keep) {
            int gap = (int) Math.min(newDay - day, keep);
            long[] all = Arrays.copyOf(days, days.length + gap);
            all[days.length] = today;
            days = all.length > keep ? Arrays.copyOfRange(all, all.length - keep, all.length) : all;
            double[] values =
                    Arrays.stream(days).filter(d -> d > 0).asDoubleStream().toArray();
            active = values.length;
            median = median(values);
            double[] deviations = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                deviations[i] = Math.abs(values[i] - median);
            }
            mad = median(deviations);
            day = newDay;
            today = 0;
        }

        private static double median(double[] values) {
            if (values.length == 0) {
                return 0;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }
}
