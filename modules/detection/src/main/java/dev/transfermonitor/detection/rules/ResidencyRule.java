package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Residency: restricted data may leave its home jurisdiction only where a policy entry
 * allows that destination, kind and moment. Domestic transfers and unrestricted classes
 * pass silently; every cross-border decision is recorded; a location that cannot be
 * resolved fails closed (configurable).
 */
public final class ResidencyRule implements TransferRule {

    public static final String ID = "residency";

    private final RuleSet rules;
    private final ReferenceIndex index;

    public ResidencyRule(RuleSet rules, ReferenceIndex index) {
        this.rules = rules;
        this.index = index;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void evaluate(Transfer t, Verdict verdict) {
        if (!t.origin().resolved()) {
            unknown(t, verdict, t.dataClasses());
            return;
        }
        String origin = t.origin().jurisdiction();
        if (origin.equals(t.destination().jurisdiction())) {
            return; // domestic, the common case: nothing to look up
        }
        List<String> restricted = new ArrayList<>(t.dataClasses().size());
        for (String dataClass : t.dataClasses()) {
            if (rules.isRestrictedByRule(origin, dataClass) || index.hasPolicy(origin, dataClass)) {
                restricted.add(dataClass);
            }
        }
        if (restricted.isEmpty()) {
            return;
        }
        if (!t.destination().resolved()) {
            unknown(t, verdict, restricted);
            return;
        }
        ResidencyPolicy firstAllowing = null;
        PolicyAllowance firstAllowance = null;
        List<String> denied = new ArrayList<>(1);
        ResidencyPolicy deniedPolicy = null;
        for (String dataClass : restricted) {
            List<ResidencyPolicy> policies = index.policies(origin, dataClass);
            PolicyAllowance allowance = null;
            for (ResidencyPolicy policy : policies) {
                allowance = allowance(policy, t);
                if (allowance != null) {
                    if (firstAllowing == null) {
                        firstAllowing = policy;
                        firstAllowance = allowance;
                    }
                    break;
                }
            }
            if (allowance == null) {
                denied.add(dataClass);
                if (deniedPolicy == null && !policies.isEmpty()) {
                    deniedPolicy = policies.get(0);
                }
            }
        }
        if (denied.isEmpty()) {
            verdict.decide(LedgerDecision.ALLOWED, firstAllowing, firstAllowance.getBasis());
            return;
        }
        verdict.decide(LedgerDecision.DENIED, deniedPolicy, null);
        Risk.Score score = Risk.of(AlertType.CROSS_BORDER_VIOLATION, t, true);
        String summary = String.format("%s %s %s data (%,d records) from %s to %s; no residency policy allows %s to %s.",
                t.principalId(), verb(t), String.join(", ", denied), t.recordCount(), t.origin().describe(),
                t.destination().describe(), t.kind(), t.destination().jurisdiction());
        verdict.add(new Finding(AlertType.CROSS_BORDER_VIOLATION, ID, AlertKeys.routeKey("CROSS_BORDER_VIOLATION", t),
                score.severity(), score.riskScore(), summary, origin, t.destination().jurisdiction(), denied,
                deniedPolicy == null ? null : deniedPolicy.getPolicyId(),
                deniedPolicy == null ? null : deniedPolicy.getVersion(),
                t.isAccess() ? List.of("T1530") : List.of("T1537")));
    }

    private void unknown(Transfer t, Verdict verdict, List<String> classes) {
        verdict.decide(LedgerDecision.UNKNOWN, null, null);
        if (!rules.failClosedOnUnknown()) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.UNKNOWN_LOCATION, t, true);
        String where = !t.origin().resolved() ? "origin: " + t.origin().via() : "destination: " + t.destination().via();
        String summary = String.format("%s %s %s data (%,d records) from %s to %s; cannot tell where (%s).",
                t.principalId(), verb(t), classes.isEmpty() ? "unclassified" : String.join(", ", classes),
                t.recordCount(), t.origin().describe(), t.destination().describe(), where);
        verdict.add(new Finding(AlertType.UNKNOWN_LOCATION, ID, AlertKeys.routeKey("UNKNOWN_LOCATION", t),
                score.severity(), score.riskScore(), summary, t.origin().jurisdiction(), t.destination().jurisdiction(),
                classes, null, null, List.of("T1530")));
    }

    private static PolicyAllowance allowance(ResidencyPolicy policy, Transfer t) {
        Instant at = t.occurredAt();
        for (PolicyAllowance a : policy.getAllowed()) {
            boolean place = a.getDestination().equals(t.destination().jurisdiction())
                    || a.getDestination().equals(t.destination().regionId());
            if (place && a.getKinds().contains(t.kind()) && !a.getValidFrom().isAfter(at)
                    && (a.getValidUntil() == null || at.isBefore(a.getValidUntil()))) {
                return a;
            }
        }
        return null;
    }

    static String verb(Transfer t) {
        return switch (t.kind()) {
            case ACCESS -> "read";
            case BACKUP -> "backed up";
            case REPLICA -> "replicated";
            case SNAPSHOT_COPY -> "copied a snapshot of";
            case SNAPSHOT_SHARE -> "shared a snapshot of";
            case EXPORT -> "exported";
            case ETL -> "moved (ETL)";
        };
    }
}
