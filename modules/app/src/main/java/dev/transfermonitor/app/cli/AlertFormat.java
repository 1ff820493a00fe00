package dev.transfermonitor.app.cli;

import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.ocsf.OcsfMapper;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.Printable;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;

/** How alerts are shown: one readable line each, one JSON object each, or one OCSF Detection Finding each. */
public enum AlertFormat {
    text,
    json,
    ocsf;

    /** The alert as one line of {@code out}, whole while other threads print too. */
    void println(PrintWriter out, TransferAlert alert) {
        synchronized (out) {
            out.println(format(alert));
            out.flush();
        }
    }

    public String format(TransferAlert alert) {
        return switch (this) {
            case text -> line(alert);
            case json -> JsonRecords.toJson(alert);
            case ocsf -> OcsfMapper.toJson(alert);
        };
    }

    /**
     * {@code 2026-11-27T10:00:05Z  HIGH      CROSS_BORDER_VIOLATION  NEW  summary  [alert 1a2b3c4d]}. The summary
     * names ids and accounts that the monitored party chose, so it is shown through {@link Printable}.
     */
    static String line(TransferAlert a) {
        // The summary tells the most severe event; an update also gives the finding's totals so far.
        String revision = a.getRevision() == 1
                ? "NEW"
                : String.format(
                        "UPDATED r%d (%,d events, %,d records)",
                        a.getRevision(), a.getEventCount(), a.getRecordCount());
        String id = a.getAlertId();
        return String.format(
                "%s  %-8s  %-22s  %-4s  %s  [alert %s, risk %d]",
                a.getLastSeen().truncatedTo(ChronoUnit.SECONDS),
                a.getSeverity(),
                a.getType(),
                revision,
                Printable.of(a.getSummary()),
                Printable.of(id.substring(0, Math.min(8, id.length()))),
                a.getRiskScore());
    }
}
