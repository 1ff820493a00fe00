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
        boolean spanning = t.origin().spansSeveral() || t.destination().spansSeveral();
        if (!spanning && t.origin().jurisdiction().equals(t.destination().jurisdiction())) {
            return; // domestic, the common case: nothing to look up
        }
        List<String> restricted = new ArrayList<>(t.dataClasses().size());
        for (String origin : t.origin().jurisdictions()) {
            for (String dataClass : t.dataClasses()) {
                if ((rules.isRestrictedByRule(origin, dataClass) || index.hasPolicy(origin, dataClass))
                        && !restricted.contains(dataClass)) {
                    restricted.add(dataClass);
                }
            }
        }
        if (restricted.isEmpty()) {
            return;
        }
        if (!t.destination().resolved()) {
            unknown(t, verdict, restricted);
            return;
        }
        // A place that spans several jurisdictions is judged by every pair (fail closed): the data
        // may be in any of them and may go to any of them.
        Judgement j = new Judgement();
        for (String origin : t.origin().jurisdictions()) {
            for (String destination : t.destination().jurisdictions()) {
                if (!origin.equals(destination)) {
                    judge(t, origin, destination, j);
                }
            }
        }
        if (j.decisions.isEmpty()) {
            return; // every pair domestic, or no class restricted where the data may be
        }
        List<ClassDecision> decisions = j.decisions();
        verdict.decideClasses(decisions.size() > MAX_DECISIONS ? decisions.subList(0, MAX_DECISIONS) : decisions);
        if (j.denied.isEmpty()) {
            verdict.decide(LedgerDecision.ALLOWED, j.allowing, j.allowingEntry.getBasis());
            return;
        }
        verdict.decide(LedgerDecision.DENIED, j.denying, null);
        Risk.Score score = Risk.of(AlertType.CROSS_BORDER_VIOLATION, t, true);
        String summary = String.format(
                "%s %s %s data (%,d records) from %s to %s; no residency policy allows %s to %s%s.",
                t.principalId(),
                verb(t),
                String.join(", ", j.denied),
                t.recordCount(),
                t.origin().describe(),
                t.destination().describe(),
                t.kind(),
                t.destination().spansSeveral()
                        ? String.join(", ", j.deniedPlaces) + " (where "
                                + t.destination().regionId() + " may hold it)"
                        : t.destination().jurisdiction(),
                policiesNamed(decisions));
        verdict.add(Finding.of(AlertType.CROSS_BORDER_VIOLATION, ID, routeKey(AlertType.CROSS_BORDER_VIOLATION, t))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(j.denied)
                .policy(
                        j.denying == null ? null : j.denying.getPolicyId(),
                        j.denying == null ? null : j.denying.getVersion())
                .mitreTechniques(t.isAccess() ? List.of("T1530") : List.of("T1537"))
                .build());
    }

    /** The decisions of every class over every pair of jurisdictions judged. */
    private static final class Judgement {
        private final List<ClassDecision> decisions = new ArrayList<>();
        private final List<String> denied = new ArrayList<>(1);
        private final List<String> deniedPlaces = new ArrayList<>(1);
        private ResidencyPolicy allowing;
        private PolicyAllowance allowingEntry;
        private ResidencyPolicy denying;

        /** Sorted, each once; a class denied for one pair keeps no allowance from another. */
        List<ClassDecision> decisions() {
            List<ClassDecision> kept = new ArrayList<>(decisions.size());
            for (ClassDecision d : decisions) {
                boolean overruled = d.getDecision() == LedgerDecision.ALLOWED && denied.contains(d.getDataClass());
                if (!overruled && !kept.contains(d)) {
                    kept.add(d);
                }
            }
            kept.sort(DECISION_ORDER);
            return kept;
        }
    }

    /**
     * Decides every class restricted in the origin jurisdiction, on its own; the alert and the
     * ledger name the deciding policy with the lowest id, so the choice does not depend on map order.
     */
    private void judge(Transfer t, String origin, String destination, Judgement j) {
        for (String dataClass : t.dataClasses()) {
            if (!rules.isRestrictedByRule(origin, dataClass) && !index.hasPolicy(origin, dataClass)) {
                continue;
            }
            List<ResidencyPolicy> policies = index.policies(origin, dataClass);
            ResidencyPolicy classAllowing = null;
            PolicyAllowance classEntry = null;
            for (ResidencyPolicy policy : policies) {
                PolicyAllowance allowance = allowance(policy, t, destination);
                if (allowance != null && (classAllowing == null || lower(policy, classAllowing))) {
                    classAllowing = policy;
                    classEntry = allowance;
                }
            }
            if (classAllowing != null) {
                j.decisions.add(decision(dataClass, LedgerDecision.ALLOWED, classAllowing, classEntry.getBasis()));
                if (j.allowing == null || lower(classAllowing, j.allowing)) {
                    j.allowing = classAllowing;
                    j.allowingEntry = classEntry;
                }
                continue;
            }
            if (!j.denied.contains(dataClass)) {
                j.denied.add(dataClass);
            }
            if (!j.deniedPlaces.contains(destination)) {
                j.deniedPlaces.add(destination);
            }
            if (policies.isEmpty()) {
                j.decisions.add(decision(dataClass, LedgerDecision.DENIED, null, null)); // restricted by the rules file
            }
            for (ResidencyPolicy policy : policies) {
                j.decisions.add(decision(dataClass, LedgerDecision.DENIED, policy, null));
                if (j.denying == null || lower(policy, j.denying)) {
                    j.denying = policy;
                }
            }
        }
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
        for (String origin : t.origin().jurisdictions()) {
            for (String dataClass : t.dataClasses()) {
                if (rules.isRestrictedByRule(origin, dataClass) || index.hasPolicy(origin, dataClass)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An entry allowing the destination jurisdiction, or the destination region as a whole. */
    private static PolicyAllowance allowance(ResidencyPolicy policy, Transfer t, String destination) {
        Instant at = t.occurredAt();
        for (PolicyAllowance a : policy.getAllowed()) {
            boolean place = a.getDestination().equals(destination)
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
