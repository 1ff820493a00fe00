package dev.transfermonitor.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The settings the rules run with: which data classes are restricted where, the
 * organisation's own accounts beyond the inventory, and the input-time guards. Every alert
 * is stamped with {@link #version()}.
 *
 * @param version                 stamped on alerts as ruleVersion
 * @param restrictedClasses       jurisdiction -> data classes that may not leave it without a policy
 * @param organisationAccounts    cloud accounts that count as the organisation's besides those of inventory assets
 * @param failClosedOnUnknown     raise UNKNOWN_LOCATION when a location cannot be resolved
 * @param maxFutureSkew           events stamped further ahead of the wall clock go to the DLQ
 * @param earliestEventTime       events stamped before this are impossible and go to the DLQ
 * @param volume                  the exfiltration rules, their allowlists and the suppressions
 * @param failClosedOnUnknownIdentity raise INACTIVE_IDENTITY when restricted data is moved by a principal
 *                                or with a credential that the reference data does not know
 * @param quietPeriod             a finding closes after this long without events (event time); the next
 *                                event with its key opens a new one
 */
public record RuleSet(
        String version,
        Map<String, Set<String>> restrictedClasses,
        Set<String> organisationAccounts,
        boolean failClosedOnUnknown,
        Duration maxFutureSkew,
        Instant earliestEventTime,
        VolumeRules volume,
        boolean failClosedOnUnknownIdentity,
        Duration quietPeriod) {

    public RuleSet {
        Objects.requireNonNull(version, "version");
        if (version.isBlank()) {
            throw new IllegalArgumentException("rules version must not be blank");
        }
        restrictedClasses = Map.copyOf(Objects.requireNonNull(restrictedClasses, "restrictedClasses"));
        restrictedClasses.values().forEach(Objects::requireNonNull);
        restrictedClasses = restrictedClasses.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        organisationAccounts = Set.copyOf(Objects.requireNonNull(organisationAccounts, "organisationAccounts"));
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
        }
        Objects.requireNonNull(earliestEventTime, "earliestEventTime");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (quietPeriod.isZero() || quietPeriod.isNegative()) {
            throw new IllegalArgumentException("quietPeriod must be positive: " + quietPeriod);
        }
    }

    public RuleSet(String version, Map<String, Set<String>> restrictedClasses, Set<String> organisationAccounts,
                   boolean failClosedOnUnknown, Duration maxFutureSkew, Instant earliestEventTime, VolumeRules volume) {
        this(version, restrictedClasses, organisationAccounts, failClosedOnUnknown, maxFutureSkew, earliestEventTime,
                volume, true, DEFAULT_QUIET_PERIOD);
    }

    /** A week: a scraper that pauses over a weekend stays one case. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);

    /** Personal data restricted in Korea and the EU; fail closed; 5 minutes of clock skew. */
    public static RuleSet defaults() {
        return new RuleSet(
                "builtin-1",
                Map.of("KR", Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR"),
                        "EU", Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR")),
                Set.of(),
                true,
                Duration.ofMinutes(5),
                Instant.parse("2000-01-01T00:00:00Z"),
                VolumeRules.defaults());
    }

    /** Whether any of the transfer's data classes is restricted in its origin's jurisdiction. */
    public boolean holdsRestricted(Transfer t) {
        Set<String> classes = t.origin().resolved() ? restrictedClasses.get(t.origin().jurisdiction()) : null;
        if (classes == null) {
            return false;
        }
        for (String dataClass : t.dataClasses()) {
            if (classes.contains(dataClass)) {
                return true;
            }
        }
        return false;
    }

    public boolean isRestrictedByRule(String jurisdiction, String dataClass) {
        Set<String> classes = restrictedClasses.get(jurisdiction);
        return classes != null && classes.contains(dataClass);
    }

    public RuleSet withOrganisationAccounts(Set<String> accounts) {
        return new RuleSet(version, restrictedClasses, accounts, failClosedOnUnknown, maxFutureSkew, earliestEventTime, volume,
                failClosedOnUnknownIdentity, quietPeriod);
    }

    public RuleSet withFailClosedOnUnknown(boolean failClosed) {
        return new RuleSet(version, restrictedClasses, organisationAccounts, failClosed, maxFutureSkew, earliestEventTime, volume,
                failClosedOnUnknownIdentity, quietPeriod);
    }

    public RuleSet withVolume(VolumeRules rules) {
        return new RuleSet(version, restrictedClasses, organisationAccounts, failClosedOnUnknown, maxFutureSkew,
                earliestEventTime, rules, failClosedOnUnknownIdentity, quietPeriod);
    }

    public RuleSet withFailClosedOnUnknownIdentity(boolean failClosed) {
        return new RuleSet(version, restrictedClasses, organisationAccounts, failClosedOnUnknown, maxFutureSkew,
                earliestEventTime, volume, failClosed, quietPeriod);
    }

    public RuleSet withQuietPeriod(Duration period) {
        return new RuleSet(version, restrictedClasses, organisationAccounts, failClosedOnUnknown, maxFutureSkew,
                earliestEventTime, volume, failClosedOnUnknownIdentity, period);
    }
}
