package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.events.AlertKeys;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one rule concluded about one transfer; the alert lifecycle folds findings with the
 * same key into one alert. Rules build one with {@link #of}.
 *
 * @param alertKey rule + entity + route or window ({@link AlertKeys}): findings with equal keys are one alert
 * @param windowStart      for windowed rules, the window the finding is about; else null
 * @param distinctSubjects for distinct-count rules, the estimate; else null
 * @param totalRecords     for rules over many events, the records in the window or day; else null
 * @param totalBytes       likewise the bytes; else null
 */
public record Finding(
        AlertType type,
        String ruleId,
        String alertKey,
        Severity severity,
        int riskScore,
        String summary,
        String originJurisdiction,
        String destinationJurisdiction,
        List<String> dataClasses,
        String policyId,
        Integer policyVersion,
        List<String> mitreTechniques,
        Instant windowStart,
        Instant windowEnd,
        Long distinctSubjects,
        Long totalRecords,
        Long totalBytes) {

    /**
     * Summaries are built from bounded ids, so they stay short; the cap makes "an alert fits in a
     * record" true by construction whatever a rule writes.
     */
    public static final int MAX_SUMMARY = 2_000;
    /** Likewise for keys, which become the alert's key and part of the lifecycle store's keys. */
    public static final int MAX_KEY = AlertKeys.MAX_LENGTH;

    public Finding {
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY - 1) + "\u2026";
        }
        alertKey = AlertKeys.bounded(alertKey);
    }

    /** A finding of {@code type} by rule {@code ruleId} under {@code alertKey}; severity, score and summary are required. */
    public static Builder of(AlertType type, String ruleId, String alertKey) {
        return new Builder(type, ruleId, alertKey);
    }

    /** Collects a finding's parts by name; what is not set is null (lists: empty). */
    public static final class Builder {

        private final AlertType type;
        private final String ruleId;
        private final String alertKey;
        private Severity severity;
        private int riskScore;
        private String summary;
        private String originJurisdiction;
        private String destinationJurisdiction;
        private List<String> dataClasses = List.of();
        private String policyId;
        private Integer policyVersion;
        private List<String> mitreTechniques = List.of();
        private Instant windowStart;
        private Instant windowEnd;
        private Long distinctSubjects;
        private Long totalRecords;
        private Long totalBytes;

        private Builder(AlertType type, String ruleId, String alertKey) {
            this.type = Objects.requireNonNull(type, "type");
            this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
            this.alertKey = Objects.requireNonNull(alertKey, "alertKey");
        }

        /** Severity and risk score as {@link Risk} judged them. */
        public Builder risk(Risk.Score score) {
            return severity(score.severity()).riskScore(score.riskScore());
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        public Builder riskScore(int riskScore) {
            this.riskScore = riskScore;
            return this;
        }

        public Builder summary(String summary) {
            this.summary = summary;
            return this;
        }

        /** The origin's and destination's jurisdictions; either may be null (not resolved). */
        public Builder route(String originJurisdiction, String destinationJurisdiction) {
            this.originJurisdiction = originJurisdiction;
            this.destinationJurisdiction = destinationJurisdiction;
            return this;
        }

        public Builder dataClasses(List<String> dataClasses) {
            this.dataClasses = dataClasses;
            return this;
        }

        /** The policy that decided, and its version. */
        public Builder policy(String policyId, Integer policyVersion) {
            this.policyId = policyId;
            this.policyVersion = policyVersion;
            return this;
        }

        public Builder mitreTechniques(List<String> mitreTechniques) {
            this.mitreTechniques = mitreTechniques;
            return this;
        }

        /** The window or days the finding is about. */
        public Builder window(Instant start, Instant end) {
            this.windowStart = start;
            this.windowEnd = end;
            return this;
        }

        public Builder distinctSubjects(Long distinctSubjects) {
            this.distinctSubjects = distinctSubjects;
            return this;
        }

        /** Records and bytes over the window or day; either may be null (not counted). */
        public Builder totals(Long records, Long bytes) {
            this.totalRecords = records;
            this.totalBytes = bytes;
            return this;
        }

        public Finding build() {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(summary, "summary");
            return new Finding(
                    type,
                    ruleId,
                    alertKey,
                    severity,
                    riskScore,
                    summary,
                    originJurisdiction,
                    destinationJurisdiction,
                    dataClasses,
                    policyId,
                    policyVersion,
                    mitreTechniques,
                    windowStart,
                    windowEnd,
                    distinctSubjects,
                    totalRecords,
                    totalBytes);
        }
    }
}
