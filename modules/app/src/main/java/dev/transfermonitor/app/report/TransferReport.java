package dev.transfermonitor.app.report;

import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.ledger.SubjectSketches;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.Union;

/**
 * Cross-border transfers of a period [from, to) by occurredAt, from the ledger, and the alerts
 * whose firstSeen..lastSeen overlaps it (each alert id once, at its latest revision). An entry
 * with several data classes counts in the group of each class; totals and routes count it once.
 * Distinct subjects are estimated from the union of the entries' HLL sketches.
 *
 * @param groups       by route, data class, kind, decision and basis; most transfers first
 * @param routes       by origin and destination jurisdiction, sorted by both
 * @param alertsByType alert type name to the number of distinct alerts, sorted by type
 */
public record TransferReport(
        Instant from,
        Instant to,
        Instant generatedAt,
        Counts totals,
        Map<LedgerDecision, Long> decisions,
        List<Group> groups,
        List<Route> routes,
        Map<String, Long> alertsByType,
        long skippedLedgerRecords,
        long skippedAlertRecords) {

    /** Stands for a jurisdiction the monitor could not resolve (an UNKNOWN decision). */
    public static final String UNRESOLVED = "UNKNOWN";
    /** The data class of an entry that names none. */
    public static final String NO_CLASS = "NONE";
    /** The relative standard error of the subject estimates (HLL, lgK 12): 1.04 / sqrt(2^12). */
    public static final double SUBJECTS_RSE = 1.04 / Math.sqrt(1 << SubjectSketches.LG_K);

    public long alerts() {
        return alertsByType.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every jurisdiction that is an origin or a destination, sorted. */
    public List<String> jurisdictions() {
        TreeSet<String> all = new TreeSet<>();
        routes.forEach(r -> {
            all.add(r.origin());
            all.add(r.destination());
        });
        return List.copyOf(all);
    }

    /** Transfers, records, bytes and estimated distinct subjects; subjects is null when no entry named any. */
    public record Counts(long transfers, long records, long bytes, Subjects subjects) {}

    /** An HLL estimate with its bounds at two standard errors (about 95%). */
    public record Subjects(long estimate, long lower95, long upper95) {}

    public record GroupKey(
            String origin, String destination, String dataClass, String kind, String decision, String basis) {}

    public record Group(GroupKey key, Counts counts) {}

    public record Route(String origin, String destination, Map<LedgerDecision, Long> decisions, Counts counts) {

        public long count(LedgerDecision decision) {
            return decisions.getOrDefault(decision, 0L);
        }

        /** Transfers no policy allowed: DENIED, UNKNOWN and EXTERNAL. */
        public long notAllowed() {
            return counts.transfers() - count(LedgerDecision.ALLOWED);
        }
    }

    public static Builder builder(Instant from, Instant to) {
        return new Builder(from, to);
    }

    /** Collects entries and alerts; not thread-safe. */
    public static final class Builder {
        private final Instant from;
        private final Instant to;
        private final Tally total = new Tally();
        private final Map<LedgerDecision, Long> decisions = new EnumMap<>(LedgerDecision.class);
        private final Map<GroupKey, Tally> groups = new HashMap<>();
        private final Map<List<String>, Tally> routes = new TreeMap<>(
                Comparator.<List<String>, String>comparing(l -> l.get(0)).thenComparing(l -> l.get(1)));
        private final Map<List<String>, Map<LedgerDecision, Long>> routeDecisions = new HashMap<>();
        private final Map<String, TransferAlert> alerts = new HashMap<>();
        private long skippedLedger;
        private long skippedAlerts;

        private Builder(Instant from, Instant to) {
            if (!from.isBefore(to)) {
                throw new IllegalArgumentException("the period's start " + from + " is not before its end " + to);
            }
            this.from = from;
            this.to = to;
        }

        /** Counts the entry when its occurredAt is in the period; returns whether it did. */
        public boolean add(LedgerEntry e) {
            if (e.getOccurredAt().isBefore(from) || !e.getOccurredAt().isBefore(to)) {
                return false;
            }
            String origin = orUnresolved(e.getOriginJurisdiction());
            String destination = orUnresolved(e.getDestinationJurisdiction());
            total.add(e);
            decisions.merge(e.getDecision(), 1L, Long::sum);
            List<String> route = List.of(origin, destination);
            routes.computeIfAbsent(route, r -> new Tally()).add(e);
            routeDecisions
                    .computeIfAbsent(route, r -> new EnumMap<>(LedgerDecision.class))
                    .merge(e.getDecision(), 1L, Long::sum);
            List<String> classes = e.getDataClasses().isEmpty() ? List.of(NO_CLASS) : e.getDataClasses();
            for (String dataClass : new TreeSet<>(classes)) {
                GroupKey key = new GroupKey(
                        origin,
                        destination,
                        dataClass,
                        e.getKind().name(),
                        e.getDecision().name(),
                        e.getBasis() == null ? null : e.getBasis().name());
                groups.computeIfAbsent(key, k -> new Tally()).add(e);
            }
            return true;
        }

        /** Keeps the latest revision of each alert id; the period test is applied to that revision. */
        public void add(TransferAlert alert) {
            alerts.merge(alert.getAlertId(), alert, (a, b) -> b.getRevision() >= a.getRevision() ? b : a);
        }

        public void skippedLedgerRecord() {
            skippedLedger++;
        }

        public void skippedAlertRecord() {
            skippedAlerts++;
        }

        public TransferReport build(Instant generatedAt) {
            List<Group> groupList = new ArrayList<>();
            groups.forEach((k, t) -> groupList.add(new Group(k, t.counts())));
            groupList.sort(Comparator.comparingLong((Group g) -> -g.counts().transfers())
                    .thenComparing(g -> g.key().toString()));
            List<Route> routeList = new ArrayList<>();
            routes.forEach((r, t) ->
                    routeList.add(new Route(r.get(0), r.get(1), Map.copyOf(routeDecisions.get(r)), t.counts())));
            Map<String, Long> byType = new TreeMap<>();
            alerts.values().stream()
                    .filter(a ->
                            a.getFirstSeen().isBefore(to) && !a.getLastSeen().isBefore(from))
                    .forEach(a -> byType.merge(a.getType().name(), 1L, Long::sum));
            return new TransferReport(
                    from,
                    to,
                    generatedAt,
                    total.counts(),
                    Map.copyOf(decisions),
                    List.copyOf(groupList),
                    List.copyOf(routeList),
                    byType,
                    skippedLedger,
                    skippedAlerts);
        }

        private static String orUnresolved(String jurisdiction) {
            return jurisdiction == null || jurisdiction.isBlank() ? UNRESOLVED : jurisdiction;
        }
    }

    private static final class Tally {
        private long transfers;
        private long records;
        private long bytes;
        private Union subjects;

        void add(LedgerEntry e) {
            transfers++;
            records += e.getRecordCount();
            bytes += e.getByteCount();
            if (e.getSubjectSketch() != null) {
                if (subjects == null) {
                    subjects = SubjectSketches.union();
                }
                SubjectSketches.add(subjects, e.getSubjectSketch());
            }
        }

        Counts counts() {
            Subjects s = null;
            if (subjects != null) {
                HllSketch result = subjects.getResult();
                s = new Subjects(
                        Math.round(result.getEstimate()),
                        Math.round(result.getLowerBound(2)),
                        Math.round(result.getUpperBound(2)));
            }
            return new Counts(transfers, records, bytes, s);
        }
    }
}
