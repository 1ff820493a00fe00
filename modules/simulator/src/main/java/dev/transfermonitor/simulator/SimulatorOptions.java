package dev.transfermonitor.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link Simulator}, validated on construction.
 *
 * @param eventsPerSecond rate of benign events (incidents come on top), above 0 and at most
 *     {@value #MAX_EVENTS_PER_SECOND}
 * @param unauthorizedReplicationAt offset from the start of the first
 *     {@link Scenario#UNAUTHORIZED_REPLICATION_US} event
 * @param departedKeyAt offset of the first {@link Scenario#DEPARTED_EMPLOYEE_KEY} event
 * @param externalShareAt offset of the first {@link Scenario#EXTERNAL_SNAPSHOT_SHARE} event
 * @param incidentRepeats how many events each incident makes, 0 for none (benign traffic only)
 * @param incidentSpacing time between the repeats of one incident
 * @param seed the seed of every random choice: the same seed gives the same traffic
 */
public record SimulatorOptions(
        double eventsPerSecond,
        Duration unauthorizedReplicationAt,
        Duration departedKeyAt,
        Duration externalShareAt,
        int incidentRepeats,
        Duration incidentSpacing,
        long seed) {

    public static final double MAX_EVENTS_PER_SECOND = 100_000;
    public static final int MAX_INCIDENT_REPEATS = 1_000;

    public SimulatorOptions {
        if (!(eventsPerSecond > 0 && eventsPerSecond <= MAX_EVENTS_PER_SECOND)) {
            throw new IllegalArgumentException("eventsPerSecond must be above 0 and at most "
                    + (long) MAX_EVENTS_PER_SECOND + ", was " + eventsPerSecond);
        }
        requireOffset("unauthorizedReplicationAt", unauthorizedReplicationAt);
        requireOffset("departedKeyAt", departedKeyAt);
        requireOffset("externalShareAt", externalShareAt);
        if (incidentRepeats < 0 || incidentRepeats > MAX_INCIDENT_REPEATS) {
            throw new IllegalArgumentException(
                    "incidentRepeats must be between 0 and " + MAX_INCIDENT_REPEATS + ", was " + incidentRepeats);
        }
        Objects.requireNonNull(incidentSpacing, "incidentSpacing must not be null");
        if (incidentSpacing.isNegative() || incidentSpacing.isZero()) {
            throw new IllegalArgumentException("incidentSpacing must be positive, was " + incidentSpacing);
        }
        if (incidentSpacing.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("incidentSpacing must be at most one day, was " + incidentSpacing);
        }
    }

    /** 20 events per second; incidents at 5 s, 10 s and 15 s, three times each, 2 s apart; seed 42. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions(
                20,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(15),
                3,
                Duration.ofSeconds(2),
                42);
    }

    public SimulatorOptions withEventsPerSecond(double rate) {
        return new SimulatorOptions(
                rate,
                unauthorizedReplicationAt,
                departedKeyAt,
                externalShareAt,
                incidentRepeats,
                incidentSpacing,
                seed);
    }

    public SimulatorOptions withIncidentOffsets(
            Duration unauthorizedReplication, Duration departedKey, Duration externalShare) {
        return new SimulatorOptions(
                eventsPerSecond,
                unauthorizedReplication,
                departedKey,
                externalShare,
                incidentRepeats,
                incidentSpacing,
                seed);
    }

    public SimulatorOptions withIncidentRepeats(int repeats, Duration spacing) {
        return new SimulatorOptions(
                eventsPerSecond, unauthorizedReplicationAt, departedKeyAt, externalShareAt, repeats, spacing, seed);
    }

    /** Benign traffic only. */
    public SimulatorOptions withoutIncidents() {
        return withIncidentRepeats(0, incidentSpacing);
    }

    public SimulatorOptions withSeed(long newSeed) {
        return new SimulatorOptions(
                eventsPerSecond,
                unauthorizedReplicationAt,
                departedKeyAt,
                externalShareAt,
                incidentRepeats,
                incidentSpacing,
                newSeed);
    }

    /** The offset of a planted incident's first event. */
    public Duration offsetOf(Scenario scenario) {
        return switch (scenario) {
            case UNAUTHORIZED_REPLICATION_US -> unauthorizedReplicationAt;
            case DEPARTED_EMPLOYEE_KEY -> departedKeyAt;
            case EXTERNAL_SNAPSHOT_SHARE -> externalShareAt;
            case BENIGN -> throw new IllegalArgumentException("benign traffic has no offset");
        };
    }

    private static void requireOffset(String name, Duration offset) {
        Objects.requireNonNull(offset, name + " must not be null");
        if (offset.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + offset);
        }
        if (offset.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException(name + " must be at most 365 days, was " + offset);
        }
    }
}
