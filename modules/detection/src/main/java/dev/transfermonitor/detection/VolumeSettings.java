package dev.transfermonitor.detection;

import dev.transfermonitor.avro.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of the exfiltration rules (volume burst, slow exfiltration, baseline deviation),
 * their allowlists and the suppressions of alerts. Part of {@link RuleSet}.
 *
 * @param burst       records and bytes per principal and per credential in a sliding window
 * @param slow        distinct data subjects per principal and per credential over a long horizon
 * @param baseline    a principal's daily volume against its own history
 * @param allowlist   transfers the volume rules never count
 * @param suppressions alerts that are not raised, each with a reason and an end
 */
public record VolumeSettings(
        Burst burst, Slow slow, Baseline baseline, Allowlist allowlist, List<Suppression> suppressions) {

    public VolumeSettings {
        Objects.requireNonNull(burst, "burst");
        Objects.requireNonNull(slow, "slow");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(allowlist, "allowlist");
        suppressions = List.copyOf(suppressions);
    }

    public static VolumeSettings defaults() {
        return new VolumeSettings(
                new Burst(
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(2),
                        new Threshold(100_000, 1L << 30),
                        Map.of(
                                "PERSONAL",
                                new Threshold(50_000, 512L << 20),
                                "PAYMENT",
                                new Threshold(20_000, 256L << 20),
                                "HR",
                                new Threshold(5_000, 64L << 20))),
                new Slow(Duration.ofDays(30), Duration.ofDays(1), 10_000),
                new Baseline(28, 7, 6.0, 20_000),
                new Allowlist(Set.of(), Set.of(), Set.of()),
                List.of());
    }

    /** Records and bytes in one window; either crossed raises the alert. Zero means no limit. */
    public record Threshold(long records, long bytes) {
        public Threshold {
            if (records < 0 || bytes < 0) {
                throw new IllegalArgumentException("thresholds must not be negative");
            }
        }
    }

    /**
     * @param window   the sliding window (default 10 minutes)
     * @param grace    how late an event may arrive and still count in its window
     * @param fallback the threshold for classes without their own
     * @param perClass thresholds per data class; a transfer is judged by each of its classes
     */
    public record Burst(Duration window, Duration grace, Threshold fallback, Map<String, Threshold> perClass) {

        /** The state keeps a bucket per minute of window and grace: these bound its size (see Buckets). */
        public static final Duration MAX_WINDOW = Duration.ofHours(1);

        public static final Duration MAX_GRACE = Duration.ofHours(1);

        public Burst {
            positive(window, "burst.window");
            notNegative(grace, "burst.grace");
            atMost(window, MAX_WINDOW, "burst.window", "1h (longer volumes are the baseline rule's)");
            atMost(grace, MAX_GRACE, "burst.grace", "1h");
            Objects.requireNonNull(fallback, "burst.thresholds.default");
            perClass = Map.copyOf(perClass);
        }

        public Threshold threshold(String dataClass) {
            return perClass.getOrDefault(dataClass, fallback);
        }
    }

    /**
     * @param horizon          how far back distinct subjects are counted (default 30 days, in daily sketches)
     * @param grace            how late an event may arrive and still count in its day
     * @param distinctSubjects alert when an entity has read at least this many distinct subjects in the horizon
     */
    public record Slow(Duration horizon, Duration grace, long distinctSubjects) {

        /** An entity's state lists each day of the horizon: this bounds its size. */
        public static final Duration MAX_HORIZON = Duration.ofDays(366);

        public Slow {
            positive(horizon, "slowExfiltration.horizon");
            if (horizon.toDays() < 1) {
                throw new IllegalArgumentException("slowExfiltration.horizon must be at least 1 day");
            }
            atMost(horizon, MAX_HORIZON, "slowExfiltration.horizon", "366d");
            notNegative(grace, "slowExfiltration.grace");
            if (distinctSubjects < 1) {
                throw new IllegalArgumentException("slowExfiltration.distinctSubjects must be at least 1");
            }
        }

        public int horizonDays() {
            return (int) horizon.toDays();
        }
    }

    /**
     * @param historyDays     how many past days form the baseline
     * @param minHistoryDays  how many days of history before the rule may fire
     * @param madMultiplier   fire when today exceeds median + this many median absolute deviations
     * @param minRecords      and today's records exceed this floor (small numbers are never anomalies)
     */
    public record Baseline(int historyDays, int minHistoryDays, double madMultiplier, long minRecords) {
        public Baseline {
            if (historyDays < 2 || historyDays > 366) {
                throw new IllegalArgumentException("baseline.historyDays must be between 2 and 366");
            }
            if (minHistoryDays < 1 || minHistoryDays > historyDays) {
                throw new IllegalArgumentException("baseline.minHistoryDays must be between 1 and historyDays");
            }
            if (!(madMultiplier > 0)) {
                throw new IllegalArgumentException("baseline.madMultiplier must be positive");
            }
            if (minRecords < 0) {
                throw new IllegalArgumentException("baseline.minRecords must not be negative");
            }
        }
    }

    /**
     * Transfers the volume rules do not count: by principal, by replication job (an exact id,
     * or a prefix ending in {@code *}: {@code backup-*} covers {@code backup-crm-db-seoul-17}),
     * or by route ({@code KR>SG}, origin and destination jurisdiction).
     */
    public record Allowlist(Set<String> principals, Set<String> jobs, Set<String> routes) {

        private static final Pattern ROUTE = Pattern.compile("[A-Z]{2}>[A-Z]{2}");

        public Allowlist {
            principals = Set.copyOf(principals);
            jobs = Set.copyOf(jobs);
            routes = Set.copyOf(routes);
            for (String job : jobs) {
                int star = job.indexOf('*');
                if (job.isBlank() || (star >= 0 && (star != job.length() - 1 || job.length() == 1))) {
                    throw new IllegalArgumentException(
                            "allowlist.jobs entries are job ids or prefixes ending in '*', got '" + job + "'");
                }
            }
            for (String route : routes) {
                if (!ROUTE.matcher(route).matches()) {
                    throw new IllegalArgumentException("allowlist.routes entries look like KR>SG, got '" + route + "'");
                }
            }
        }

        public boolean allows(String principalId, String jobId, String origin, String destination) {
            return principals.contains(principalId)
                    || (jobId != null && allowsJob(jobId))
                    || (origin != null && destination != null && routes.contains(origin + '>' + destination));
        }

        private boolean allowsJob(String jobId) {
            if (jobs.contains(jobId)) {
                return true;
            }
            for (String job : jobs) {
                if (job.endsWith("*") && jobId.startsWith(job.substring(0, job.length() - 1))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Alerts of {@code type} (any when null) for {@code principal} (any when null) are not
     * raised until {@code until}; the reason is for the auditor.
     */
    public record Suppression(AlertType type, String principal, Instant until, String reason) {
        public Suppression {
            Objects.requireNonNull(until, "suppression.until");
            Objects.requireNonNull(reason, "suppression.reason");
        }

        public boolean matches(AlertType alertType, String principalId, Instant at) {
            return (type == null || type == alertType)
                    && (principal == null || principal.equals(principalId))
                    && at.isBefore(until);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void atMost(Duration d, Duration max, String name, String maxText) {
        if (d.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be at most " + maxText);
        }
    }

    private static void notNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
