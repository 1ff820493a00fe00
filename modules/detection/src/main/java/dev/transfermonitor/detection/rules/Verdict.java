package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.ClassDecision;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.ResidencyPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the rules decided about one transfer: findings for the alert lifecycle and, for
 * a cross-border or external transfer, the one decision that goes to the ledger. When rules
 * disagree the gravest decision wins (EXTERNAL, then DENIED, UNKNOWN, ALLOWED).
 */
public final class Verdict {

    private final List<Finding> findings = new ArrayList<>(2);
    private LedgerDecision decision;
    private ResidencyPolicy policy;
    private LegalBasis basis;
    private List<ClassDecision> classDecisions = List.of();

    public void add(Finding finding) {
        findings.add(finding);
    }

    public void decide(LedgerDecision candidate, ResidencyPolicy decidingPolicy, LegalBasis legalBasis) {
        if (decision == null || rank(candidate) > rank(decision)) {
            decision = candidate;
            policy = decidingPolicy;
            basis = legalBasis;
        }
    }

    /** What residency decided for each restricted class, with every policy that decided; for the ledger. */
    public void decideClasses(List<ClassDecision> decisions) {
        classDecisions = List.copyOf(decisions);
    }

    public List<ClassDecision> classDecisions() {
        return classDecisions;
    }

    public List<Finding> findings() {
        return findings;
    }

    /** Null when nothing crossed a border or left the organisation. */
    public LedgerDecision decision() {
        return decision;
    }

    public ResidencyPolicy policy() {
        return policy;
    }

    public LegalBasis basis() {
        return basis;
    }

    private static int rank(LedgerDecision d) {
        return switch (d) {
            case ALLOWED -> 0;
            case UNKNOWN -> 1;
            case DENIED -> 2;
            case EXTERNAL -> 3;
        };
    }
}
