package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.ClassDecision;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.AlertKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
        if (t.publicAccess()) {
            return; // anyone anywhere may read it: the external-account rule judges the worst case
        }
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
        // Every restricted class is decided on its own and recorded; the alert and the ledger name
        // the deciding policy with the lowest id, so the choice does not depend on map order.
        List<ClassDecision> decisions = new ArrayList<>(restricted.size());
        List<String> denied = new ArrayList<>(1);
        ResidencyPolicy allowing = null;
        PolicyAllowance allowingEntry = null;
        ResidencyPolicy denying = null;
        for (String dataClass : restricted) {
            List<ResidencyPolicy> policies = index.policies(origin, dataClass);
            ResidencyPolicy classAllowing = null;
            PolicyAllowance classEntry = null;
            for (ResidencyPolicy policy : policies) {
                PolicyAllowance allowance = allowance(policy, t);
                if (allowance != null && (classAllowing == null || lower(policy, classAllowing))) {
                    classAllowing = policy;
                    classEntry = allowance;
                }
            }
            if (classAllowing != null) {
                decisions.add(decision(dataClass, LedgerDecision.ALLOWED, classAllowing, classEntry.getBasis()));
                if (allowing == null || lower(classAllowing, allowing)) {
                    allowing = classAllowing;
                    allowingEntry = classEntry;
                }
                continue;
            }
            denied.add(dataClass);
            if (policies.isEmpty()) {
                decisions.add(decision(dataClass, LedgerDecision.DENIED, null, null)); // restricted by the rules file
            }
            for (ResidencyPolicy policy : policies) {
                decisions.add(decision(dataClass, LedgerDecision.DENIED, policy, null));
                if (denying == null || lower(policy, denying)) {
                    denying = policy;
                }
            }
        }
        decisions.sort(DECISION_ORDER);
        verdict.decideClasses(decisions.size() > MAX_DECISIONS ? decisions.subList(0, MAX_DECISIONS) : decisions);
        if (denied.isEmpty()) {
            verdict.decide(LedgerDecision.ALLOWED, allowing, allowingEntry.getBasis());
            return;
        }
        verdict.decide(LedgerDecision.DENIED, denying, null);
        Risk.Score score = Risk.of(AlertType.CROSS_BORDER_VIOLATION, t, true);
        String summary = String.format(
                "%s %s %s data (%,d records) from %s to %s; no residency policy allows %s to %s%s.",
                t.principalId(),
                verb(t),
                String.join(", ", denied),
                t.recordCount(),
                t.origin().describe(),
                t.destination().describe(),
                t.kind(),
                t.destination().jurisdiction(),
                policiesNamed(decisions));
        verdict.add(Finding.of(AlertType.CROSS_BORDER_VIOLATION, ID, routeKey(AlertType.CROSS_BORDER_VIOLATION, t))
                .risk(score)
                .summary(summary)
                .route(origin, t.destination().jurisdiction())
                .dataClasses(denied)
                .policy(denying == null ? null : denying.getPolicyId(), denying == null ? null : denying.getVersion())
                .mitreTechniques(t.isAccess() ? List.of("T1530") : List.of("T1537"))
                .build());
    }

    /** Plenty for every class an event may carry with a few policies each; the ledger entry stays small. */
    static final int MAX_DECISIONS = 64;

    private static final Comparator<ClassDecision> DECISION_ORDER = Comparator.comparing(ClassDecision::getDataClass)
            .thenComparing(d -> d.getPolicyId() == null ? "" : d.getPolicyId());

    private static boolean lower(ResidencyPolicy a, ResidencyPolicy b) {
        return a.getPolicyId().compareTo(b.getPolicyId()) < 0;
    }

    private static ClassDecision decision(
            String dataClass, LedgerDecision decision, ResidencyPolicy policy, LegalBasis basis) {
        return new ClassDecision(
                dataClass,
                decision,
                policy == null ? null : policy.getPolicyId(),
                policy == null ? null : policy.getVersion(),
                basis);
    }

    /** " (policies a v1, b v2)" for the denying policies, at most three named. */
    private static String policiesNamed(List<ClassDecision> decisions) {
        List<String> names = new ArrayList<>();
        for (ClassDecision d : decisions) {
            String name = d.getPolicyId() + " v" + d.getPolicyVersion();
            if (d.getDecision() == LedgerDecision.DENIED && d.getPolicyId() != null && !names.contains(name)) {
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            return "";
        }
        String shown = String.join(", ", names.subList(0, Math.min(3, names.size())));
        return " (" + (names.size() == 1 ? "policy " : "policies ") + shown
                + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "") + ")";
    }

    private void unknown(Transfer t, Verdict verdict, List<String> classes) {
        verdict.decide(LedgerDecision.UNKNOWN, null, null);
        if (!rules.failClosedOnUnknown()) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.UNKNOWN_LOCATION, t, true);
        String where = !t.origin().resolved()
                ? "origin: " + t.origin().via()
                : "destination: " + t.destination().via();
        String summary = String.format(
                "%s %s %s data (%,d records) from %s to %s; cannot tell where (%s).",
                t.principalId(),
                verb(t),
                classes.isEmpty() ? "unclassified" : String.join(", ", classes),
                t.recordCount(),
                t.origin().describe(),
                t.destination().describe(),
                where);
        verdict.add(Finding.of(AlertType.UNKNOWN_LOCATION, ID, routeKey(AlertType.UNKNOWN_LOCATION, t))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(classes)
                .mitreTechniques(List.of("T1530"))
                .build());
    }

    /** Keys carry no day: the lifecycle's episodes (open until a quiet period passes) decide when a case is new. */
    private static String routeKey(AlertType type, Transfer t) {
        return AlertKeys.route(
                type,
                t.principalId(),
                t.origin().jurisdiction(),
                t.destination().jurisdiction());
    }

    /**
     * Whether any class of the transfer is restricted in its origin, by the rules file or by a
     * policy; an origin that cannot be resolved counts as restricted (fail closed).
     */
    static boolean restrictedAnywhere(Transfer t, RuleSet rules, ReferenceIndex index) {
        if (!t.origin().resolved()) {
            return true;
        }
        String origin = t.origin().jurisdiction();
        for (String dataClass : t.dataClasses()) {
            if (rules.isRestrictedByRule(origin, dataClass) || index.hasPolicy(origin, dataClass)) {
                return true;
            }
        }
        return false;
    }

    private static PolicyAllowance allowance(ResidencyPolicy policy, Transfer t) {
        Instant at = t.occurredAt();
        for (PolicyAllowance a : policy.getAllowed()) {
            boolean place = a.getDestination().equals(t.destination().jurisdiction())
                    || a.getDestination().equals(t.destination().regionId());
            if (place
                    && a.getKinds().contains(t.kind())
                    && !a.getValidFrom().isAfter(at)
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
            case GRANT -> "granted access to";
        };
    }
}
