package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.replay.ReplayListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * How far a replay has come, on standard error: on a terminal a bar redrawn in place, otherwise
 * (a log, a pipe) one plain line every few seconds. Progress counts input records behind the
 * replay's committed offsets, so it moves in commit-interval steps. Warnings go on a line of
 * their own.
 */
final class ReplayProgress implements ReplayListener {

    private static final int BAR = 30;
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintWriter err;
    private final boolean terminal;
    private final String label;
    private final long startedNanos = System.nanoTime();
    private long lastLineNanos = startedNanos;
    private boolean drawn;

    ReplayProgress(PrintWriter err, boolean terminal, String label) {
        this.err = err;
        this.terminal = terminal;
        this.label = label;
    }

    @Override
    public void progress(long done, long total) {
        long now = System.nanoTime();
        if (terminal) {
            err.print("\r" + render(done, total, now - startedNanos) + "   ");
            drawn = true;
            err.flush();
        } else if (now - lastLineNanos >= LINE_EVERY_NANOS) {
            lastLineNanos = now;
            err.println(render(done, total, now - startedNanos));
            err.flush();
        }
    }

    /** Ends the bar's line, so what follows starts on a line of its own. */
    @Override
    public void finished() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    @Override
    public void warning(String problem) {
        finished();
        err.println("warning: " + problem);
        err.flush();
    }

    /** {@code live rules [=========>      ]  45%  12,300 events/s  ETA 0:42} */
    String render(long done, long total, long elapsedNanos) {
        double fraction = total == 0 ? 1 : Math.min(1, (double) done / total);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = rate > 0 ? clock((long) ((total - done) / rate)) : "-:--";
        return new StringBuilder(label)
                .append(' ')
                .append(bar(fraction))
                .append(String.format(
                        Locale.ROOT,
                        " %3d%%  %,d/%,d  %,.0f events/s  ETA %s",
                        (int) Math.floor(fraction * 100),
                        done,
                        total,
                        rate,
                        eta))
                .toString();
    }

    /** {@code [=========>      ]}: a fraction of 0..1 as a bar of fixed width. */
    static String bar(double fraction) {
        StringBuilder bar = new StringBuilder(BAR + 2).append('[');
        int filled = (int) Math.round(fraction * BAR);
        for (int i = 0; i < BAR; i++) {
            bar.append(i < filled ? '=' : i == filled ? '>' : ' ');
        }
        return bar.append(']').toString();
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
