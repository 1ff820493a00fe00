package dev.transfermonitor.events;

import java.time.Instant;
import java.time.LocalDate;

/**
 * UTC days as epoch-day numbers, as the daily rules count them (event time): a day starts at
 * midnight UTC, and instants before 1970 fall on negative days (floor, not truncation).
 */
public final class UtcDays {

    public static final long DAY_MS = 86_400_000L;

    private UtcDays() {}

    /** The epoch day of an instant. */
    public static long of(Instant at) {
        return ofEpochMilli(at.toEpochMilli());
    }

    /** The epoch day of a time in epoch milliseconds. */
    public static long ofEpochMilli(long epochMs) {
        return Math.floorDiv(epochMs, DAY_MS);
    }

    /** Midnight UTC at the start of the day, in epoch milliseconds. */
    public static long startMs(long day) {
        return day * DAY_MS;
    }

    /** Midnight UTC at the start of the day. */
    public static Instant start(long day) {
        return Instant.ofEpochMilli(startMs(day));
    }

    /** Midnight UTC at the end of the day (the next day's start). */
    public static Instant end(long day) {
        return start(day + 1);
    }

    /** The day as an ISO date, {@code 2026-12-01}. */
    public static String date(long day) {
        return LocalDate.ofEpochDay(day).toString();
    }
}
