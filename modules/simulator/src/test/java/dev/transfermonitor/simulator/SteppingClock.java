package dev.transfermonitor.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves on by a fixed step each time it is read, so paced code never waits. */
final class SteppingClock extends Clock {

    private final Instant start;
    private final long stepNanos;
    private final AtomicLong reads = new AtomicLong();

    SteppingClock(Instant start, Duration step) {
        this.start = start;
        this.stepNanos = step.toNanos();
    }

    @Override
    public Instant instant() {
        return start.plusNanos(reads.getAndIncrement() * stepNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("UTC only");
    }
}
