package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.ingest.Ingest;
import dev.transfermonitor.app.ingest.IngestInputs;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.sources.Tally;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ingest}'s progress on standard error (a bar over the inputs' bytes on a terminal, a
 * line every few seconds otherwise), the first invalid records and unreadable files as they
 * come, and the summary at the end.
 */
final class IngestView implements Ingest.Listener {

    /** The summary's table shows the most frequent names; the rest are summed up in one line. */
    static final int TABLE_ROWS = 40;

    private static final int INVALID_SHOWN = 10;
    private static final long REDRAW_NANOS = Duration.ofMillis(200).toNanos();
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final long totalBytes;
    private final long startedNanos = System.nanoTime();
    private long lastNanos = startedNanos;
    private boolean drawn;
    private int invalidShown;
    private String reading = "";

    IngestView(PrintWriter err, boolean terminal, long totalBytes) {
        this.err = err;
        this.terminal = terminal;
        this.totalBytes = totalBytes;
    }

    @Override
    public void reading(IngestInputs.Input input, int index, int count) {
        // A file name may be an object key someone else chose: escaped, and cut.
        reading = count > 1
                ? String.format(Locale.ROOT, "file %,d of %,d", index + 1, count)
                : Printable.of(input.name(), 80);
    }

    @Override
    public void progress(long bytesRead, long records) {
        long now = System.nanoTime();
        if (now - lastNanos < (terminal ? REDRAW_NANOS : LINE_EVERY_NANOS)) {
            return;
        }
        lastNanos = now;
        String line = render(bytesRead, records, now - startedNanos);
        if (terminal) {
            err.print("\r" + line + "   ");
            drawn = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** {@code ingest [=========>      ]  45%  file 3 of 40  120,000 records  30,000 records/s} */
    String render(long bytesRead, long records, long elapsedNanos) {
        double seconds = Math.max(1e-9, elapsedNanos / 1e9);
        String counts =
                String.format(Locale.ROOT, "%s  %,d records  %,.0f records/s", reading, records, records / seconds);
        if (totalBytes <= 0) {
            return "ingest: " + counts;
        }
        double fraction = Math.min(1, (double) bytesRead / totalBytes);
        return "ingest " + ReplayProgress.bar(fraction)
                + String.format(Locale.ROOT, " %3d%%  ", (int) Math.floor(fraction * 100)) + counts;
    }

    @Override
    public void unreadable(IngestInputs.Input input, String reason) {
        endBar();
        err.printf(
                "error: %s: cannot be read to its end: %s (what was read of it is handled)%n",
                Printable.of(input.name()), Printable.of(reason));
        err.flush();
    }

    @Override
    public void invalid(String where, String reason) {
        if (invalidShown++ < INVALID_SHOWN) {
            endBar();
            err.printf("invalid: %s: %s%n", Printable.of(where), Printable.of(reason));
            err.flush();
        }
    }

    void endBar() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }

    /** The counts in total and by event name, most frequent first. */
    static void summary(PrintWriter out, Ingest.Result result, int files, int skipped, String deadLetters) {
        Tally.Counts total = result.tally().total();
        out.printf(
                Locale.ROOT,
                "Read %,d %s record(s) from %,d input(s)%s: %,d mapped into %,d event(s), %,d ignored, "
                        + "%,d failed call(s), %,d invalid%s.%n",
                total.records(),
                result.source(),
                files,
                skipped == 0
                        ? ""
                        : String.format(Locale.ROOT, " (%,d other file(s) in the directories skipped)", skipped),
                total.mapped(),
                total.events(),
                total.ignored(),
                total.failed(),
                total.invalid(),
                total.invalid() == 0 || deadLetters == null ? "" : " (dead letters in " + deadLetters + ")");
        List<Map.Entry<String, Tally.Counts>> rows =
                new ArrayList<>(result.tally().byName().entrySet());
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(Comparator.comparingLong(
                        (Map.Entry<String, Tally.Counts> e) -> -e.getValue().records())
                .thenComparing(Map.Entry::getKey));
        int width = 10;
        for (int i = 0; i < Math.min(TABLE_ROWS, rows.size()); i++) {
            width = Math.max(width, Printable.of(rows.get(i).getKey(), 48).length());
        }
        String format = "  %-" + width + "s %10s %10s %10s %10s %10s%n";
        out.printf(Locale.ROOT, format, "event name", "mapped", "events", "ignored", "failed", "invalid");
        for (int i = 0; i < Math.min(TABLE_ROWS, rows.size()); i++) {
            String name = rows.get(i).getKey(); // from the input: escaped and cut
            Tally.Counts c = rows.get(i).getValue();
            out.printf(
                    Locale.ROOT,
                    format,
                    Printable.of(name, 48),
                    n(c.mapped()),
                    n(c.events()),
                    n(c.ignored()),
                    n(c.failed()),
                    n(c.invalid()));
        }
        if (rows.size() > TABLE_ROWS) {
            long rest = rows.subList(TABLE_ROWS, rows.size()).stream()
                    .mapToLong(e -> e.getValue().records())
                    .sum();
            out.printf(Locale.ROOT, "  ... %,d more event name(s), %,d record(s)%n", rows.size() - TABLE_ROWS, rest);
        }
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
