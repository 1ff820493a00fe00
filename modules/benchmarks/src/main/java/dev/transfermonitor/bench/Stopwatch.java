package dev.transfermonitor.bench;

import java.time.Duration;

/** Elapsed wall time of one measured stretch. */
record Stopwatch(long startedNanos) {

    static Stopwatch start() {
        return new Stopwatch(System.nanoTime());
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    static double perSecond(long count, Duration elapsed) {
        return elapsed.isZero() ? 0 : count * 1e9 / elapsed.toNanos();
    }
}
