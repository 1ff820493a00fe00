package dev.transfermonitor.detection.enrich;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * At most {@code perPeriod} log lines per period; the rest are counted, and the next line that
 * may be logged says how many were left out. Whoever can write a reference topic must not be
 * able to flood the monitor's log (the metric counts every rejection anyway).
 */
final class LogBudget {

    private final int perPeriod;
    private final long periodNanos;
    private final LongSupplier nanoClock;
    private long periodStart;
    private int used;
    private long suppressed;

    LogBudget(int perPeriod, Duration period, LongSupplier nanoClock) {
        this.perPeriod = perPeriod;
        this.periodNanos = period.toNanos();
        this.nanoClock = nanoClock;
        this.periodStart = nanoClock.getAsLong();
    }

    /**
     * -1 when this line must not be logged; otherwise how many lines were left out before it
     * (0 usually).
     */
    long spend() {
        long now = nanoClock.getAsLong();
        if (now - periodStart >= periodNanos) {
            periodStart = now;
            used = 0;
        }
        if (used >= perPeriod) {
            suppressed++;
            return -1;
        }
        used++;
        long before = suppressed;
        suppressed = 0;
        return before;
    }
}
