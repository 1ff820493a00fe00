package dev.transfermonitor.app.replay;

import dev.transfermonitor.avro.TransferAlert;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What other rules would change over the same input: findings (by alert key, each at its last
 * revision) that only the new rules raise, that only the current rules raise, and those both
 * raise but with another severity or number of revisions.
 */
public record AlertDiff(List<TransferAlert> added, List<TransferAlert> dropped, List<Changed> changed) {

    /** One finding both rule sets raise, differently. */
    public record Changed(TransferAlert before, TransferAlert after) {}

    public static AlertDiff of(List<TransferAlert> current, List<TransferAlert> proposed) {
        Map<String, TransferAlert> before = lastRevisions(current);
        Map<String, TransferAlert> after = lastRevisions(proposed);
        List<TransferAlert> added = new ArrayList<>();
        List<TransferAlert> dropped = new ArrayList<>();
        List<Changed> changed = new ArrayList<>();
        after.forEach((key, alert) -> {
            TransferAlert old = before.get(key);
            if (old == null) {
                added.add(alert);
            } else if (old.getSeverity() != alert.getSeverity() || old.getRevision() != alert.getRevision()) {
                changed.add(new Changed(old, alert));
            }
        });
        before.forEach((key, alert) -> {
            if (!after.containsKey(key)) {
                dropped.add(alert);
            }
        });
        return new AlertDiff(added, dropped, changed);
    }

    /** Counts per alert type, by type name. */
    public static Map<String, Long> byType(List<TransferAlert> alerts) {
        return alerts.stream()
                .collect(Collectors.groupingBy(a -> a.getType().name(), TreeMap::new, Collectors.counting()));
    }

    private static Map<String, TransferAlert> lastRevisions(List<TransferAlert> alerts) {
        Map<String, TransferAlert> last = new LinkedHashMap<>();
        alerts.stream()
                .sorted(Comparator.comparing(TransferAlert::getLastSeen).thenComparing(TransferAlert::getAlertKey))
                .forEach(a -> last.merge(a.getAlertKey(), a, (x, y) -> x.getRevision() >= y.getRevision() ? x : y));
        return last;
    }
}
