package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.AlertKeys;
import java.time.Duration;
import java.util.List;

/**
 * Identities that should not be moving data, ATT&CK T1078 (Valid Accounts):
 * <ul>
 * <li>INACTIVE_IDENTITY: a departed or suspended principal, or a revoked or expired credential,
 * at the event's time; the credential's owner is judged as well as whoever acts with it, so a
 * departed employee's key used under another name still alerts. An identity the reference data
 * does not know moving restricted data is no better (fail closed, {@link RuleSet#failClosedOnUnknownIdentity()}):
 * a key deleted instead of revoked, or a person missing from the HR feed, must not pass as active.</li>
 * <li>CREDENTIAL_MISUSE: a long-term credential (no expiry, or one more than a day after issue)
 * used by another principal than its owner: a shared or stolen key.</li>
 * </ul>
 */
public final class InactiveIdentityRule implements TransferRule {

    public static final String ID = "inactive-identity";
    public static final String MISUSE_ID = "credential-misuse";
    private static final Duration SHORT_LIVED = Duration.ofDays(1);

    private final RuleSet rules;
    private final ReferenceIndex index;

    public InactiveIdentityRule(RuleSet rules, ReferenceIndex index) {
        this.rules = rules;
        this.index = index;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void evaluate(Transfer t, Verdict verdict) {
        String reason = Risk.inactiveReason(t);
        if (reason == null && rules.failClosedOnUnknownIdentity()) {
            reason = unknownReason(t);
        }
        if (reason == null && !(t.borrowedCredential() && longTerm(t.credential()))) {
            return; // the common case: nothing to build
        }
        String actor =
                t.credentialId() != null ? t.principalId() + " (credential " + t.credentialId() + ")" : t.principalId();
        if (reason != null) {
            Risk.Score score = Risk.of(AlertType.INACTIVE_IDENTITY, t, rules.holdsRestricted(t));
            String summary = String.format(
                    "%s %s %s (%,d records) %s %s although the %s.",
                    actor,
                    ResidencyRule.verb(t),
                    t.sourceAssetId(),
                    t.recordCount(),
                    where(t),
                    t.destination().describe(),
                    reason);
            verdict.add(finding(AlertType.INACTIVE_IDENTITY, ID, t, score, summary));
        }
        if (t.borrowedCredential() && longTerm(t.credential())) {
            Risk.Score score = Risk.of(AlertType.CREDENTIAL_MISUSE, t, rules.holdsRestricted(t));
            String summary = String.format(
                    "%s %s %s (%,d records) %s %s with credential %s, which was issued to %s.",
                    t.principalId(),
                    ResidencyRule.verb(t),
                    t.sourceAssetId(),
                    t.recordCount(),
                    where(t),
                    t.destination().describe(),
                    t.credentialId(),
                    t.credential().getPrincipalId());
            verdict.add(finding(AlertType.CREDENTIAL_MISUSE, MISUSE_ID, t, score, summary));
        }
    }

    /** A read happens from where the reader is; a copy, share or export goes to its destination. */
    private static String where(Transfer t) {
        return t.isAccess() ? "from" : "to";
    }

    /** One finding per principal and credential; ATT&CK T1078, Valid Accounts. */
    private static Finding finding(AlertType type, String ruleId, Transfer t, Risk.Score score, String summary) {
        return Finding.of(type, ruleId, AlertKeys.identity(type, t.principalId(), t.credentialId()))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(t.dataClasses())
                .mitreTechniques(List.of("T1078"))
                .build();
    }

    /** Why the identity is unknown, when restricted data moves: null when it is known or the data is not restricted. */
    private String unknownReason(Transfer t) {
        String what = null;
        if (t.principal() == null) {
            what = "principal is not in the reference data";
        } else if (t.credentialId() != null && t.credential() == null) {
            what = "credential is not in the reference data";
        } else if (t.borrowedCredential() && t.credentialOwner() == null) {
            what = "credential's owner " + t.credential().getPrincipalId() + " is not in the reference data";
        }
        return what != null && ResidencyRule.restrictedAnywhere(t, rules, index) ? what : null;
    }

    /** Short-lived only when it expires after issue and within a day of it; odd dates count as long-term. */
    private static boolean longTerm(Credential c) {
        return c.getExpiresAt() == null
                || !c.getExpiresAt().isAfter(c.getIssuedAt())
                || c.getExpiresAt().isAfter(c.getIssuedAt().plus(SHORT_LIVED));
    }
}
