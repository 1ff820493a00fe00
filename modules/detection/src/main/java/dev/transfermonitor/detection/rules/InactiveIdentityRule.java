package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import java.util.List;

/**
 * Inactive identity: a departed or suspended principal, or a revoked or expired credential,
 * still moving data at the event's time. ATT&CK T1078, Valid Accounts.
 */
public final class InactiveIdentityRule implements TransferRule {

    public static final String ID = "inactive-identity";

    private final RuleSet rules;

    public InactiveIdentityRule(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void evaluate(Transfer t, Verdict verdict) {
        String reason = Risk.inactiveReason(t);
        if (reason == null) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.INACTIVE_IDENTITY, t, rules.holdsRestricted(t));
        String entity = t.credentialId() != null ? t.principalId() + '/' + t.credentialId() : t.principalId();
        String summary = String.format("%s %s %s (%,d records) from %s although the %s.",
                t.credentialId() != null ? t.principalId() + " (credential " + t.credentialId() + ")" : t.principalId(),
                ResidencyRule.verb(t), t.sourceAssetId(), t.recordCount(), t.destination().describe(), reason);
        verdict.add(new Finding(AlertType.INACTIVE_IDENTITY, ID, AlertKeys.key("INACTIVE_IDENTITY", entity, t),
                score.severity(), score.riskScore(), summary, t.origin().jurisdiction(), t.destination().jurisdiction(),
                t.dataClasses(), null, null, List.of("T1078")));
    }
}
