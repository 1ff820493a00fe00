package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.kafka.WalkListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long walk as plain lines on standard error, at most one per interval:
 * {@code audit verify: partition 3 of 6, 1,200,000 entries (48,000 entries/s)}. Nothing is
 * printed for walks shorter than one interval.
 */
final class Progress implements WalkListener {

    private final PrintWriter err;
    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long started;
    private long lastPrinted;
    private long count;
    private String where = "";
    private boolean namingTopics;

    Progress(PrintWriter err, String what, Duration interval, LongSupplier nanoClock) {
        this.err = err;
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.lastPrinted = started;
    }

    static Progress toStderr(PrintWriter err, String what) {
        return new Progress(err, what, Duration.ofSeconds(5), System::nanoTime);
    }

    /** Says "TOPIC partition N" rather than "partition N": for walks over several topics. */
    Progress namingTopics() {
        namingTopics = true;
        return this;
    }

    @Override
    public void partition(String topic, int partition) {
        at((namingTopics ? topic + " " : "") + "partition " + partition);
    }

    @Override
    public void records(long n) {
        add(n);
    }

    @Override
    public void polled() {
        maybePrint();
    }

    void at(String where) {
        this.where = where;
    }

    void add(long n) {
        count += n;
    }

    long count() {
        return count;
    }

    /** Prints a line when the interval has passed since the last one. */
    void maybePrint() {
        long now = nanoClock.getAsLong();
        if (now - lastPrinted < intervalNanos) {
            return;
        }
        lastPrinted = now;
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        err.printf(
                Locale.ROOT,
                "%s: %s%,d entries (%,.0f entries/s)%n",
                what,
                where.isEmpty() ? "" : where + ", ",
                count,
                count / seconds);
        err.flush();
    }
}
