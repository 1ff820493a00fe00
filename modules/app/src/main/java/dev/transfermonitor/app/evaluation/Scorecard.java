package dev.transfermonitor.app.evaluation;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.simulator.scenarios.Planted;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the alerts of a run against the planted incidents: per incident, whether every expected
 * alert type was raised and how long after the incident became detectable (in event time) its
 * primary alert was first seen; and which alerts no incident explains. An alert is an incident's
 * when it names the incident's principal, has one of its expected types and was first seen while
 * the incident went on; every other alert is a false alert. Revisions of one alert count once.
 */
public final class Scorecard {

    /** What became of one incident. */
    public record Row(
            Planted planted, Set<AlertType> raised, boolean detected, Duration delay, List<TransferAlert> alerts) {}

    private final List<Row> rows;
    private final List<TransferAlert> falseAlerts;
    private final long benignEvents;

    private Scorecard(List<Row> rows, List<TransferAlert> falseAlerts, long benignEvents) {
        this.rows = rows;
        this.falseAlerts = falseAlerts;
        this.benignEvents = benignEvents;
    }

    public static Scorecard of(List<Planted> planted, Collection<TransferAlert> alertRevisions, long benignEvents) {
        Map<String, TransferAlert> alerts = latestRevisions(alertRevisions);
        Map<Planted, List<TransferAlert>> explained = new LinkedHashMap<>();
        planted.forEach(p -> explained.put(p, new ArrayList<>()));
        List<TransferAlert> unexplained = new ArrayList<>();
        for (TransferAlert alert : alerts.values()) {
            List<Planted> owners = planted.stream()
                    .filter(p -> p.explains(
                            alert.getPrincipalId(), alert.getType(), alert.getFirstSeen(), alert.getLastSeen()))
                    .toList();
            if (owners.isEmpty()) {
                unexplained.add(alert);
            }
            owners.forEach(owner -> explained.get(owner).add(alert));
        }
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<Planted, List<TransferAlert>> e : explained.entrySet()) {
            Planted p = e.getKey();
            Set<AlertType> raised = EnumSet.noneOf(AlertType.class);
            e.getValue().forEach(a -> raised.add(a.getType()));
            // An episode that began with an earlier incident of the same identity counts from this one's start.
            Instant firstPrimary = e.getValue().stream()
                    .filter(a -> a.getType() == p.primary())
                    .map(a -> a.getFirstSeen().isBefore(p.start()) ? p.start() : a.getFirstSeen())
                    .min(Instant::compareTo)
                    .orElse(null);
            Duration delay = firstPrimary == null ? null : Duration.between(p.detectableFrom(), firstPrimary);
            rows.add(new Row(p, raised, raised.containsAll(p.expected()), delay, List.copyOf(e.getValue())));
        }
        return new Scorecard(rows, unexplained, benignEvents);
    }

    public List<Row> rows() {
        return rows;
    }

    public List<TransferAlert> falseAlerts() {
        return falseAlerts;
    }

    public long benignEvents() {
        return benignEvents;
    }

    public double falseAlertsPerMillion() {
        return benignEvents == 0
                ? (falseAlerts.isEmpty() ? 0 : Double.POSITIVE_INFINITY)
                : falseAlerts.size() * 1e6 / benignEvents;
    }

    /**
     * Every incident detected, each primary alert within {@code maxDelay} of detectability, and few
     * enough false alerts.
     */
    public boolean passed(Duration maxDelay, double maxFalsePerMillion) {
        return rows.stream()
                        .allMatch(r ->
                                r.detected() && r.delay() != null && r.delay().compareTo(maxDelay) <= 0)
                && falseAlertsPerMillion() <= maxFalsePerMillion;
    }

    /** One entry per alert id: its latest revision, first seen at the earliest any revision was. */
    private static Map<String, TransferAlert> latestRevisions(Collection<TransferAlert> revisions) {
        Map<String, TransferAlert> latest = new LinkedHashMap<>();
        for (TransferAlert alert : revisions) {
            latest.merge(alert.getAlertId(), alert, (a, b) -> {
                TransferAlert newer = TransferAlert.newBuilder(a.getRevision() >= b.getRevision() ? a : b)
                        .build();
                newer.setFirstSeen(a.getFirstSeen().isBefore(b.getFirstSeen()) ? a.getFirstSeen() : b.getFirstSeen());
                return newer;
            });
        }
        return latest;
    }
}
