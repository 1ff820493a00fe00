package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import java.util.List;

/**
 * What one rule concluded about one transfer; the alert lifecycle folds findings with the
 * same key into one alert.
 *
 * @param alertKey rule + entity + route or window: findings with equal keys are one alert
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
        java.time.Instant windowStart,
        java.time.Instant windowEnd,
        Long distinctSubjects,
        Long totalRecords,
        Long totalBytes) {

    /** A finding about one transfer, with no window. */
    public Finding(AlertType type, String ruleId, String alertKey, Severity severity, int riskScore, String summary,
                   String originJurisdiction, String destinationJurisdiction, List<String> dataClasses, String policyId,
                   Integer policyVersion, List<String> mitreTechniques) {
        this(type, ruleId, alertKey, severity, riskScore, summary, originJurisdiction, destinationJurisdiction,
                dataClasses, policyId, policyVersion, mitreTechniques, null, null, null, null, null);
    }
}
