package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.AlertType;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One incident planted in a {@link Workload}, with what the monitor should make of it.
 *
 * @param scenario       the {@link PlantedScenario} label
 * @param principalId    who acts
 * @param credentialId   the credential used, null when none
 * @param expected       every alert type the incident must raise (its primary type included); volume
 *                       types are derived from the generated events, not assumed
 * @param start          occurredAt of the incident's first event
 * @param detectableFrom occurredAt of the event at which the incident first crosses the threshold of
 *                       the {@code primary} rule (for stateless rules: its first event)
 * @param description    one readable sentence with the incident's numbers
 * @param primary        the rule type {@code detectableFrom} refers to, and whose delay counts
 * @param end            occurredAt of the incident's last event
 */
public record Planted(
        String scenario,
        String principalId,
        String credentialId,
        Set<AlertType> expected,
        Instant start,
        Instant detectableFrom,
        String description,
        AlertType primary,
        Instant end) {

    public Planted {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(principalId, "principalId");
        expected = Set.copyOf(expected);
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(detectableFrom, "detectableFrom");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(end, "end");
        if (!expected.contains(primary)) {
            throw new IllegalArgumentException("the primary type " + primary + " must be expected");
        }
        if (end.isBefore(start) || detectableFrom.isBefore(start) || detectableFrom.isAfter(end)) {
            throw new IllegalArgumentException(
                    "need start <= detectableFrom <= end, got " + start + ", " + detectableFrom + ", " + end);
        }
    }

    /** Whether an alert of {@code type} for {@code principal}, first seen at {@code firstSeen}, is this incident's. */
    public boolean explains(String principal, AlertType type, Instant firstSeen) {
        return explains(principal, type, firstSeen, firstSeen);
    }

    /**
     * Whether an alert of this principal and type whose events span {@code firstSeen} to
     * {@code lastSeen} covers this incident: one open finding (an episode) may cover two incidents
     * of the same identity a few days apart.
     */
    public boolean explains(String principal, AlertType type, Instant firstSeen, Instant lastSeen) {
        return principalId.equals(principal)
                && expected.contains(type)
                && !lastSeen.isBefore(start)
                && !firstSeen.isAfter(end);
    }
}
