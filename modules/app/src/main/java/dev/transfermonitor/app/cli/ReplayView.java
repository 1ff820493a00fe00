package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.replay.AlertDiff;
import dev.transfermonitor.app.replay.EventFiles;
import dev.transfermonitor.app.replay.Replay;
import dev.transfermonitor.avro.TransferAlert;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How {@code replay} shows what came back: the alerts, a summary line per run, and the findings
 * two rule sets differ in.
 */
final class ReplayView {

    private ReplayView() {}

    /** "all retained events", or the period and what its bounds select by ("written", "occurred"). */
    static String period(Instant start, Instant end, String verb) {
        if (start == null && end == null) {
            return "all retained events";
        }
        return "events " + verb + (start == null ? "" : " from " + start)
                + (end == null ? " until now" : " before " + end);
    }

    /** The offline input is on the embedded broker. */
    static void sent(PrintWriter out, EventFiles.Count count) {
        String leftOut = count.outside() == 0
                ? ""
                : String.format(Locale.ROOT, " (%,d outside the period left out)", count.outside());
        out.printf(Locale.ROOT, "Sent %,d event(s) to an embedded broker%s; replaying...%n", count.inPeriod(), leftOut);
        out.flush();
    }

    static void write(Path file, AlertFormat format, List<TransferAlert> alerts) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (TransferAlert alert : alerts) {
                w.write(format.format(alert));
                w.newLine();
            }
        }
    }

    static void print(PrintWriter out, AlertFormat format, List<TransferAlert> alerts) {
        alerts.forEach(a -> out.println(format.format(a)));
    }

    /** @param destination where the alerts were written, for a closing line; null for none */
    static void summary(PrintWriter out, Replay.Result r, String when, String destination) {
        double seconds = Math.max(r.took().toMillis(), 1) / 1000.0;
        out.printf(
                Locale.ROOT,
                "Replayed %,d event(s) (%,d to the DLQ), %s, with rules %s in %.1f s (%,.0f events/s): "
                        + "%,d alert(s) %s%n",
                r.events(),
                r.deadLetters(),
                when,
                r.rulesVersion(),
                seconds,
                r.events() / seconds,
                r.alerts().size(),
                r.countsByType());
        if (destination != null) {
            out.printf("Alerts written to %s.%n", destination);
        }
        out.flush();
    }

    static void diff(PrintWriter out, AlertDiff diff, Replay.Result current, Replay.Result candidate) {
        out.printf(
                "Rules %s instead of %s: %d finding(s) added %s, %d dropped %s, %d changed.%n",
                candidate.rulesVersion(),
                current.rulesVersion(),
                diff.added().size(),
                AlertDiff.byType(diff.added()),
                diff.dropped().size(),
                AlertDiff.byType(diff.dropped()),
                diff.changed().size());
        diff.added().forEach(a -> out.println("ADDED    " + AlertFormat.line(a)));
        diff.dropped().forEach(a -> out.println("DROPPED  " + AlertFormat.line(a)));
        diff.changed()
                .forEach(c -> out.printf(
                        "CHANGED  %s -> %s, r%d -> r%d  %s%n",
                        c.before().getSeverity(),
                        c.after().getSeverity(),
                        c.before().getRevision(),
                        c.after().getRevision(),
                        AlertFormat.line(c.after())));
        out.flush();
    }
}
