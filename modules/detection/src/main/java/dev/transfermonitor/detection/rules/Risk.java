package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.detection.Transfer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Severity and risk score, computed here and nowhere else. The score starts from the alert
 * type and rises with a foreign destination, an inactive identity, weak authentication on
 * restricted data, sensitive classes and volume; severity follows from the score.
 */
public final class Risk {

    /** Classes whose exposure is graver than ordinary personal data. */
    static final Set<String> SENSITIVE =
            Set.of("PAYMENT", "HR", "HEALTH", "BIOMETRIC", "GENETIC", "CRIMINAL", "NATIONAL_ID");

    private Risk() {}

    public record Score(Severity severity, int riskScore) {}

    public static Score of(AlertType type, Transfer t, boolean restrictedData) {
        return of(type, t, restrictedData, t.recordCount());
    }

    /** For rules over many events: {@code records} is the volume the finding is about. */
    public static Score of(AlertType type, Transfer t, boolean restrictedData, long records) {
        int score = switch (type) {
            case EXTERNAL_TRANSFER -> 60;
            case SLOW_EXFILTRATION -> 55;
            case CROSS_BORDER_VIOLATION -> 55;
            case VOLUME_BURST -> 50;
            case INACTIVE_IDENTITY -> 50;
            case CREDENTIAL_MISUSE -> 55;
            case BASELINE_DEVIATION -> 40;
            case UNKNOWN_LOCATION -> 35;
        };
        if (t.crossesBorder()) {
            score += 10;
        }
        if (type != AlertType.INACTIVE_IDENTITY && isInactive(t)) {
            score += 15;
        }
        if (restrictedData && isWeak(t.authMethod())) {
            score += 5;
        }
        if (containsSensitive(t.dataClasses())) {
            score += 10;
        }
        score += volumePoints(records);
        score = Math.min(100, score);
        return new Score(severityOf(score), score);
    }

    /** The lowest score that is CRITICAL. */
    public static final int CRITICAL_SCORE = 85;

    public static Severity severityOf(int score) {
        if (score >= CRITICAL_SCORE) {
            return Severity.CRITICAL;
        }
        if (score >= 65) {
            return Severity.HIGH;
        }
        if (score >= 40) {
            return Severity.MEDIUM;
        }
        return Severity.LOW;
    }

    /** Departed or suspended principal, or revoked or expired credential, at the event's time. */
    public static boolean isInactive(Transfer t) {
        return inactiveReason(t) != null;
    }

    static String inactiveReason(Transfer t) {
        Instant at = t.occurredAt();
        String principal = inactiveStatus(t.principal(), at);
        if (principal != null) {
            return "principal is " + principal;
        }
        String owner = inactiveStatus(t.credentialOwner(), at);
        if (owner != null) {
            return "credential's owner " + t.credentialOwner().getPrincipalId() + " is " + owner;
        }
        var credential = t.credential();
        if (credential != null) {
            if (credential.getRevokedAt() != null && !credential.getRevokedAt().isAfter(at)) {
                return "credential " + credential.getCredentialId() + " was revoked at " + credential.getRevokedAt();
            }
            if (credential.getExpiresAt() != null && !credential.getExpiresAt().isAfter(at)) {
                return "credential " + credential.getCredentialId() + " expired at " + credential.getExpiresAt();
            }
        }
        return null;
    }

    /** "departed since ..." when the principal is not active at {@code at}; else null. */
    private static String inactiveStatus(Principal p, Instant at) {
        if (p == null
                || p.getStatus() == PrincipalStatus.ACTIVE
                || p.getStatusSince().isAfter(at)) {
            return null;
        }
        return p.getStatus().name().toLowerCase(Locale.ROOT) + " since " + p.getStatusSince();
    }

    static boolean isWeak(AuthMethod method) {
        return method != AuthMethod.MFA && method != AuthMethod.PASSKEY;
    }

    static boolean containsSensitive(List<String> classes) {
        for (String c : classes) {
            if (SENSITIVE.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** 0 for a handful of records, up to 15 for a million or more. */
    static int volumePoints(long records) {
        if (records <= 10) {
            return 0;
        }
        return (int) Math.min(15, Math.round(Math.log10(records) * 2.5));
    }
}
