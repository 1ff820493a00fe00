package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.simulator.scenarios.Planted;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders a {@link Scorecard} as text: a table of the incidents, then the false alerts. */
final class ScorecardView {

    private ScorecardView() {}

    static void print(Scorecard card, PrintWriter out) {
        String format = "%-28s %-62s %-8s %-10s %s%n";
        out.printf(
                format,
                "SCENARIO",
                "EXPECTED ALERTS (* = primary, whose delay is shown)",
                "DETECTED",
                "DELAY",
                "ALERTS");
        for (Scorecard.Row row : card.rows()) {
            Planted p = row.planted();
            String expected = p.expected().stream()
                    .sorted()
                    .map(t -> t.name()
                            + (t == p.primary() ? "*" : "")
                            + (row.raised().contains(t) ? "" : " (missing)"))
                    .collect(Collectors.joining(", "));
            out.printf(
                    format,
                    p.scenario(),
                    expected,
                    row.detected() ? "yes" : "NO",
                    row.delay() == null ? "-" : delay(row.delay()),
                    row.alerts().size());
            out.printf("    %s%n", p.description());
            out.printf("    detectable from %s; alert ids: %s%n", p.detectableFrom(), ids(row.alerts()));
        }
    }

    static void printFalseAlerts(Scorecard card, PrintWriter out) {
        List<TransferAlert> falseAlerts = card.falseAlerts();
        out.printf(
                Locale.ROOT,
                "benign events: %,d, false alerts: %d (%.2f per million)%n",
                card.benignEvents(),
                falseAlerts.size(),
                card.falseAlertsPerMillion());
        for (TransferAlert alert : falseAlerts) {
            out.printf(
                    "    %s %s %s: %s%n",
                    alert.getType(),
                    Printable.of(alert.getPrincipalId()),
                    Printable.of(alert.getAlertId()),
                    Printable.of(alert.getSummary()));
        }
    }

    /** Event-time delay as {@code +2h 10m}, {@code +45s}, {@code -3m 5s}, {@code +1d 4h}. */
    static String delay(Duration d) {
        String sign = d.isNegative() ? "-" : "+";
        long seconds = Math.abs(d.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        long secs = seconds % 60;
        if (days > 0) {
            return sign + days + "d " + hours + "h";
        }
        if (hours > 0) {
            return sign + hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return sign + minutes + "m " + secs + "s";
        }
        return sign + secs + "s";
    }

    private static String ids(List<TransferAlert> alerts) {
        if (alerts.isEmpty()) {
            return "none";
        }
        int shown = Math.min(alerts.size(), 4);
        String listed = alerts.stream()
                .sorted((a, b) -> a.getFirstSeen().compareTo(b.getFirstSeen()))
                .limit(shown)
                .map(a -> Printable.of(a.getAlertId()) + " (" + a.getType() + ")")
                .collect(Collectors.joining(", "));
        return alerts.size() > shown ? listed + ", and " + (alerts.size() - shown) + " more" : listed;
    }
}
