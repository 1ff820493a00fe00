package dev.transfermonitor.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
 * @param dataClasses             the data class vocabulary: events naming another class are invalid, and
 *                                the volume rules keep state of these classes only (others fold into one)
 * @param failClosedOnUnknownIdentity raise INACTIVE_IDENTITY when restricted data is moved by a principal
 *                                or with a credential that the reference data does not know
 * @param quietPeriod             a finding closes after this long without events (event time); the next
 *                                event with its key opens a new one
 * @param unlistedResourceClasses the classes of a resource an audit log names that the inventory does not
 *                                list (empty: unclassified)
 */
public record RuleSet(
        String version,
        Map<String, Set<String>> restrictedClasses,
        Set<String> organisationAccounts,
        boolean failClosedOnUnknown,
        Duration maxFutureSkew,
        Instant earliestEventTime,
        VolumeSettings volume,
        Set<String> dataClasses,
        boolean failClosedOnUnknownIdentity,
        Duration quietPeriod,
        Set<String> unlistedResourceClasses) {

    /**
     * The most classes a vocabulary may hold: the volume rules keep a bucket per class, so the
     * vocabulary bounds the size of their state (see Buckets).
     */
    public static final int MAX_DATA_CLASSES = 64;
    /** Longest class name: the event validator's and the reference checks' [A-Z0-9_]{1,64}. */
    public static final int MAX_DATA_CLASS_LENGTH = 64;

    /**
     * The built-in vocabulary: the sample company's classes and the sensitive ones that risk
     * scoring and the OCSF mapping know.
     */
    public static final Set<String> DEFAULT_DATA_CLASSES = Set.of(
            "PERSONAL",
            "CONTACT",
            "PAYMENT",
            "HR",
            "HEALTH",
            "BIOMETRIC",
            "GENETIC",
            "CRIMINAL",
            "NATIONAL_ID",
            "PRODUCT",
            "TELEMETRY");

    public RuleSet {
        Objects.requireNonNull(version, "version");
        if (version.isBlank()) {
            throw new IllegalArgumentException("rules version must not be blank");
        }
        restrictedClasses = Map.copyOf(Objects.requireNonNull(restrictedClasses, "restrictedClasses"));
        restrictedClasses.values().forEach(Objects::requireNonNull);
        restrictedClasses = restrictedClasses.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
        organisationAccounts = Set.copyOf(Objects.requireNonNull(organisationAccounts, "organisationAccounts"));
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
        }
        Objects.requireNonNull(earliestEventTime, "earliestEventTime");
        Objects.requireNonNull(volume, "volume");
        dataClasses = Set.copyOf(Objects.requireNonNull(dataClasses, "dataClasses"));
        if (dataClasses.isEmpty() || dataClasses.size() > MAX_DATA_CLASSES) {
            throw new IllegalArgumentException(
                    "dataClasses must hold 1 to " + MAX_DATA_CLASSES + " classes, got " + dataClasses.size());
        }
        for (String dataClass : dataClasses) {
            if (!isDataClassName(dataClass)) {
                throw new IllegalArgumentException("dataClasses entries must match [A-Z0-9_]{1," + MAX_DATA_CLASS_LENGTH
                        + "}, got '" + dataClass + "'");
            }
        }
        for (Map.Entry<String, Set<String>> e : restrictedClasses.entrySet()) {
            for (String dataClass : e.getValue()) {
                if (!dataClasses.contains(dataClass)) {
                    throw new IllegalArgumentException(
                            "restricted." + e.getKey() + " names " + dataClass + ", which is not in dataClasses");
                }
            }
        }
        for (String dataClass : volume.burst().perClass().keySet()) {
            if (!dataClasses.contains(dataClass)) {
                throw new IllegalArgumentException(
                        "burst.thresholds names " + dataClass + ", which is not in dataClasses");
            }
        }
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        if (quietPeriod.isZero() || quietPeriod.isNegative()) {
            throw new IllegalArgumentException("quietPeriod must be positive: " + quietPeriod);
        }
        unlistedResourceClasses =
                Set.copyOf(Objects.requireNonNull(unlistedResourceClasses, "unlistedResourceClasses"));
        for (String dataClass : unlistedResourceClasses) {
            if (!dataClasses.contains(dataClass)) {
                throw new IllegalArgumentException(
                        "unlistedResources.dataClasses names " + dataClass + ", which is not in dataClasses");
            }
        }
    }

    public RuleSet(
            String version,
            Map<String, Set<String>> restrictedClasses,
            Set<String> organisationAccounts,
            boolean failClosedOnUnknown,
            Duration maxFutureSkew,
            Instant earliestEventTime,
            VolumeSettings volume,
            Set<String> dataClasses,
            boolean failClosedOnUnknownIdentity,
            Duration quietPeriod) {
        this(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosedOnUnknownIdentity,
                quietPeriod,
                Set.of());
    }

    public RuleSet(
            String version,
            Map<String, Set<String>> restrictedClasses,
            Set<String> organisationAccounts,
            boolean failClosedOnUnknown,
            Duration maxFutureSkew,
            Instant earliestEventTime,
            VolumeSettings volume) {
        this(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                DEFAULT_DATA_CLASSES,
                true,
                DEFAULT_QUIET_PERIOD);
    }

    /** A week: a scraper that pauses over a weekend stays one case. */
    public static final Duration DEFAULT_QUIET_PERIOD = Duration.ofDays(7);

    /** Personal data restricted in Korea and the EU; fail closed; 5 minutes of clock skew. */
    public static RuleSet defaults() {
        return new RuleSet(
                "builtin-1",
                Map.of(
                        "KR",
                        Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR"),
                        "EU",
                        Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR")),
                Set.of(),
                true,
                Duration.ofMinutes(5),
                Instant.parse("2000-01-01T00:00:00Z"),
                VolumeSettings.defaults(),
                DEFAULT_DATA_CLASSES,
                true,
                DEFAULT_QUIET_PERIOD);
    }

    /** Whether {@code dataClass} is in the vocabulary. */
    public boolean knowsClass(String dataClass) {
        return dataClasses.contains(dataClass);
    }

    /** The vocabulary in order, for messages. */
    public String dataClassList() {
        return String.join(", ", new TreeSet<>(dataClasses));
    }

    /** [A-Z0-9_]{1,64}; by hand, as the validator runs it on every class of every event. */
    public static boolean isDataClassName(String value) {
        int n = value.length();
        if (n == 0 || n > MAX_DATA_CLASS_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** Whether any of the transfer's data classes is restricted in its origin's jurisdiction. */
    public boolean holdsRestricted(Transfer t) {
        for (String origin : t.origin().jurisdictions()) {
            Set<String> classes = restrictedClasses.get(origin);
            if (classes == null) {
                continue;
            }
            for (String dataClass : t.dataClasses()) {
                if (classes.contains(dataClass)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean isRestrictedByRule(String jurisdiction, String dataClass) {
        Set<String> classes = restrictedClasses.get(jurisdiction);
        return classes != null && classes.contains(dataClass);
    }

    public RuleSet withOrganisationAccounts(Set<String> accounts) {
        return new RuleSet(
                version,
                restrictedClasses,
                accounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosedOnUnknownIdentity,
                quietPeriod,
                unlistedResourceClasses);
    }

    public RuleSet withFailClosedOnUnknown(boolean failClosed) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosed,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosedOnUnknownIdentity,
                quietPeriod,
                unlistedResourceClasses);
    }

    public RuleSet withVolume(VolumeSettings rules) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                rules,
                dataClasses,
                failClosedOnUnknownIdentity,
                quietPeriod,
                unlistedResourceClasses);
    }

    public RuleSet withFailClosedOnUnknownIdentity(boolean failClosed) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosed,
                quietPeriod,
                unlistedResourceClasses);
    }

    public RuleSet withQuietPeriod(Duration period) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosedOnUnknownIdentity,
                period,
                unlistedResourceClasses);
    }

    public RuleSet withDataClasses(Set<String> vocabulary) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                vocabulary,
                failClosedOnUnknownIdentity,
                quietPeriod,
                unlistedResourceClasses);
    }

    public RuleSet withUnlistedResourceClasses(Set<String> classes) {
        return new RuleSet(
                version,
                restrictedClasses,
                organisationAccounts,
                failClosedOnUnknown,
                maxFutureSkew,
                earliestEventTime,
                volume,
                dataClasses,
                failClosedOnUnknownIdentity,
                quietPeriod,
                classes);
    }
}
