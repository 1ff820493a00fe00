package dev.transfermonitor.app.report;

import dev.transfermonitor.app.report.TransferReport.Counts;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.events.Printable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report as one CSV table (RFC 4180, header row first, CRLF). The column {@code section}
 * says what a row is: {@code group} (one per route, data class, kind, decision and basis),
 * {@code route} (one per origin and destination jurisdiction, with counts per decision),
 * {@code total} (every transfer once) and {@code alert} (the alerts of one type). Columns that
 * do not apply to a section are empty, and so are the subject columns when no entry named
 * subjects (replications).
 */
public final class ReportCsv {

    public static final List<String> COLUMNS = List.of(
            "section",
            "period_start",
            "period_end",
            "origin",
            "destination",
            "data_class",
            "kind",
            "decision",
            "basis",
            "transfers",
            "allowed",
            "denied",
            "unknown",
            "external",
            "records",
            "bytes",
            "subjects_estimate",
            "subjects_lower95",
            "subjects_upper95",
            "alert_type",
            "alerts");

    private ReportCsv() {}

    public static String render(TransferReport r) {
        StringBuilder out = new StringBuilder();
        line(out, COLUMNS);
        for (TransferReport.Group g : r.groups()) {
            var k = g.key();
            List<String> row = row(r, "group");
            set(row, "origin", k.origin());
            set(row, "destination", k.destination());
            set(row, "data_class", k.dataClass());
            set(row, "kind", k.kind());
            set(row, "decision", k.decision());
            set(row, "basis", k.basis());
            counts(row, g.counts());
            line(out, row);
        }
        for (TransferReport.Route route : r.routes()) {
            List<String> row = row(r, "route");
            set(row, "origin", route.origin());
            set(row, "destination", route.destination());
            decisions(row, route.decisions());
            counts(row, route.counts());
            line(out, row);
        }
        List<String> total = row(r, "total");
        decisions(total, r.decisions());
        counts(total, r.totals());
        line(out, total);
        r.alertsByType().forEach((type, n) -> {
            List<String> row = row(r, "alert");
            set(row, "alert_type", type);
            set(row, "alerts", Long.toString(n));
            line(out, row);
        });
        return out.toString();
    }

    private static List<String> row(TransferReport r, String section) {
        List<String> row = new ArrayList<>(Collections.nCopies(COLUMNS.size(), (String) null));
        set(row, "section", section);
        set(row, "period_start", r.from().toString());
        set(row, "period_end", r.to().toString());
        return row;
    }

    private static void set(List<String> row, String column, String value) {
        row.set(COLUMNS.indexOf(column), value);
    }

    private static void decisions(List<String> row, Map<LedgerDecision, Long> decisions) {
        for (LedgerDecision d : LedgerDecision.values()) {
            set(row, d.name().toLowerCase(Locale.ROOT), Long.toString(decisions.getOrDefault(d, 0L)));
        }
    }

    private static void counts(List<String> row, Counts c) {
        set(row, "transfers", Long.toString(c.transfers()));
        set(row, "records", Long.toString(c.records()));
        set(row, "bytes", Long.toString(c.bytes()));
        if (c.subjects() != null) {
            set(row, "subjects_estimate", Long.toString(c.subjects().estimate()));
            set(row, "subjects_lower95", Long.toString(c.subjects().lower95()));
            set(row, "subjects_upper95", Long.toString(c.subjects().upper95()));
        }
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(escape(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * One cell: shown through {@link Printable} (a data class or jurisdiction is the monitored party's text, and a CSV
     * is often read with {@code cat}), and a cell that a spreadsheet would run as a formula (leading {@code = + - @})
     * is made text with a leading apostrophe and quoted, as OWASP recommends against CSV injection.
     */
    static String escape(String cell) {
        if (cell == null) {
            return "";
        }
        String text = Printable.of(cell);
        boolean formula = !text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0;
        if (formula) {
            text = "'" + text;
        } else if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
