package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
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

    /**
     * Summaries are built from bounded ids, so they stay short; the cap makes "an alert fits in a
     * record" true by construction whatever a rule writes.
     */
    public static final int MAX_SUMMARY = 2_000;
    /** Likewise for keys, which become the alert's key and part of the lifecycle store's keys. */
    public static final int MAX_KEY = 2_000;

    public Finding {
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY - 1) + "\u2026";
        }
        if (alertKey.length() > MAX_KEY) {
            // Unreachable with validated ids; should a rule ever build one, a digest keeps it unique and small.
            alertKey = alertKey.substring(0, MAX_KEY - 65) + '#' + sha256(alertKey);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A finding about one transfer, with no window. */
    public Finding(AlertType type, String ruleId, String alertKey, Severity severity, int riskScore, String summary,
                   String originJurisdiction, String destinationJurisdiction, List<String> dataClasses, String policyId,
                   Integer policyVersion, List<String> mitreTechniques) {
        this(type, ruleId, alertKey, severity, riskScore, summary, originJurisdiction, destinationJurisdiction,
                dataClasses, policyId, policyVersion, mitreTechniques, null, null, null, null, null);
    }
}
