package dev.transfermonitor.simulator.scenarios;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link Workload}, validated on construction.
 *
 * @param seed            every random choice derives from it: the same options give the same events
 * @param benignEvents    how many benign events, exactly; 0 for none at all, else at least the nightly
 *                        jobs' {@value BenignTraffic#HEAVY_EVENTS_PER_DAY} a day
 * @param staffPrincipals synthetic staff {@code emp-50000}, {@code emp-50001}, ... besides the sample
 *                        company's own people (1 to {@value #MAX_STAFF})
 * @param days            whole UTC days of traffic ({@value #MIN_DAYS} to {@value #MAX_DAYS}): the
 *                        incidents need a history before them and room to unfold
 * @param end             the traffic ends at the last UTC midnight at or before this instant
 * @param scenarios       labels of the incidents to plant ({@link PlantedScenario}), any subset
 * @param model           the rule thresholds the incidents are measured against
 */
public record WorkloadOptions(
        long seed,
        long benignEvents,
        int staffPrincipals,
        int days,
        Instant end,
        Set<String> scenarios,
        RuleModel model) {

    public static final long DEFAULT_BENIGN_EVENTS = 1_000_000;
    public static final int DEFAULT_STAFF = 2_000;
    public static final int DEFAULT_DAYS = 30;
    public static final long DEFAULT_SEED = 7;
    public static final int MAX_STAFF = 10_000;
    public static final int MIN_DAYS = 12;
    public static final int MAX_DAYS = 366;
    public static final long MAX_BENIGN_EVENTS = 1_000_000_000L;

    public WorkloadOptions {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(model, "model");
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new IllegalArgumentException(
                    "days must be between " + MIN_DAYS + " and " + MAX_DAYS + ", was " + days);
        }
        if (staffPrincipals < 1 || staffPrincipals > MAX_STAFF) {
            throw new IllegalArgumentException(
                    "staff principals must be between 1 and " + MAX_STAFF + ", was " + staffPrincipals);
        }
        long heavy = (long) BenignTraffic.HEAVY_EVENTS_PER_DAY * days;
        if (benignEvents != 0 && (benignEvents < heavy || benignEvents > MAX_BENIGN_EVENTS)) {
            throw new IllegalArgumentException("benign events must be 0 or between " + heavy + " (the nightly jobs of "
                    + days + " days) and " + MAX_BENIGN_EVENTS + ", was " + benignEvents);
        }
        scenarios = Set.copyOf(new LinkedHashSet<>(Objects.requireNonNull(scenarios, "scenarios")));
        for (String scenario : scenarios) {
            if (PlantedScenario.ofLabel(scenario).isEmpty()) {
                throw new IllegalArgumentException(
                        "unknown scenario '" + scenario + "'; known: " + String.join(", ", PlantedScenario.labels()));
            }
        }
    }

    /** A million benign events from 2,000 staff over the 30 days before {@code end}, every incident, seed 7. */
    public static WorkloadOptions defaults(Instant end) {
        return new WorkloadOptions(
                DEFAULT_SEED,
                DEFAULT_BENIGN_EVENTS,
                DEFAULT_STAFF,
                DEFAULT_DAYS,
                end,
                PlantedScenario.labels(),
                RuleModel.defaults());
    }

    public WorkloadOptions withSeed(long value) {
        return new WorkloadOptions(value, benignEvents, staffPrincipals, days, end, scenarios, model);
    }

    public WorkloadOptions withBenignEvents(long value) {
        return new WorkloadOptions(seed, value, staffPrincipals, days, end, scenarios, model);
    }

    public WorkloadOptions withStaffPrincipals(int value) {
        return new WorkloadOptions(seed, benignEvents, value, days, end, scenarios, model);
    }

    public WorkloadOptions withDays(int value) {
        return new WorkloadOptions(seed, benignEvents, staffPrincipals, value, end, scenarios, model);
    }

    public WorkloadOptions withEnd(Instant value) {
        return new WorkloadOptions(seed, benignEvents, staffPrincipals, days, value, scenarios, model);
    }

    public WorkloadOptions withScenarios(Set<String> value) {
        return new WorkloadOptions(seed, benignEvents, staffPrincipals, days, end, value, model);
    }

    public WorkloadOptions withModel(RuleModel value) {
        return new WorkloadOptions(seed, benignEvents, staffPrincipals, days, end, scenarios, value);
    }
}
