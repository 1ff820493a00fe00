package dev.transfermonitor.simulator.scenarios;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Workload} assumes about the exfiltration rules it is judged by: their thresholds
 * and allowlist. The workload computes from them when each planted incident becomes detectable
 * and which volume alerts it raises. The simulator does not depend on the detection module, so
 * {@link #defaults()} repeats the detection defaults (detection's {@code VolumeSettings.defaults()})
 * with the sample company's allowlist; the evaluation builds the model from the rules it runs.
 *
 * @param burstWindow            sliding window of the burst rule, in whole minutes
 * @param burstFallback          burst threshold of classes without their own
 * @param burstPerClass          burst thresholds per data class
 * @param slowDistinctSubjects   distinct subjects that make slow exfiltration
 * @param slowHorizonDays        over how many UTC days they are counted
 * @param baselineHistoryDays    past days a principal's baseline keeps
 * @param baselineMinHistoryDays days of history before the baseline rule may fire
 * @param baselineMadMultiplier  k in median + k * MAD
 * @param baselineMinRecords     a day below this is never an anomaly
 * @param allowlistedPrincipals  principals the volume rules skip
 * @param allowlistedJobs        replication jobs the volume rules skip; an entry ending in '*' is a prefix
 */
public record RuleModel(
        Duration burstWindow,
        Limit burstFallback,
        Map<String, Limit> burstPerClass,
        long slowDistinctSubjects,
        int slowHorizonDays,
        int baselineHistoryDays,
        int baselineMinHistoryDays,
        double baselineMadMultiplier,
        long baselineMinRecords,
        Set<String> allowlistedPrincipals,
        Set<String> allowlistedJobs) {

    /** Records and bytes in one window; zero means no limit. */
    public record Limit(long records, long bytes) {}

    public RuleModel {
        Objects.requireNonNull(burstWindow, "burstWindow");
        if (burstWindow.toMinutes() < 1) {
            throw new IllegalArgumentException("burstWindow must be at least a minute");
        }
        Objects.requireNonNull(burstFallback, "burstFallback");
        burstPerClass = Map.copyOf(burstPerClass);
        if (slowDistinctSubjects < 1 || slowHorizonDays < 1) {
            throw new IllegalArgumentException("slow exfiltration needs a positive threshold and horizon");
        }
        if (baselineMinHistoryDays < 1 || baselineHistoryDays < baselineMinHistoryDays) {
            throw new IllegalArgumentException("need 1 <= baselineMinHistoryDays <= baselineHistoryDays");
        }
        allowlistedPrincipals = Set.copyOf(allowlistedPrincipals);
        allowlistedJobs = Set.copyOf(allowlistedJobs);
    }

    /** The detection defaults; allowlisted: svc-analytics, svc-orders-api and the jobs {@code backup-*} and {@code etl-orders-to-bq-*}. */
    public static RuleModel defaults() {
        return new RuleModel(
                Duration.ofMinutes(10),
                new Limit(100_000, 1L << 30),
                Map.of(
                        "PERSONAL",
                        new Limit(50_000, 512L << 20),
                        "PAYMENT",
                        new Limit(20_000, 256L << 20),
                        "HR",
                        new Limit(5_000, 64L << 20)),
                10_000,
                30,
                28,
                7,
                6.0,
                20_000,
                Set.of("svc-analytics", "svc-orders-api"),
                Set.of("backup-*", "etl-orders-to-bq-*"));
    }

    public RuleModel withAllowlist(Set<String> principals, Set<String> jobs) {
        return new RuleModel(
                burstWindow,
                burstFallback,
                burstPerClass,
                slowDistinctSubjects,
                slowHorizonDays,
                baselineHistoryDays,
                baselineMinHistoryDays,
                baselineMadMultiplier,
                baselineMinRecords,
                principals,
                jobs);
    }

    public Limit burstLimit(String dataClass) {
        return burstPerClass.getOrDefault(dataClass, burstFallback);
    }

    /** Whether the volume rules skip a transfer by this principal or job. */
    public boolean allowlisted(String principalId, String jobId) {
        if (allowlistedPrincipals.contains(principalId)) {
            return true;
        }
        if (jobId == null) {
            return false;
        }
        for (String entry : allowlistedJobs) {
            if (entry.endsWith("*") ? jobId.startsWith(entry.substring(0, entry.length() - 1)) : entry.equals(jobId)) {
                return true;
            }
        }
        return false;
    }
}
