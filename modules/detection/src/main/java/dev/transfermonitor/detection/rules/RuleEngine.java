package dev.transfermonitor.detection.rules;

import dev.transfermonitor.detection.Transfer;
import java.util.List;

/** Runs the stateless rules in order over one transfer. */
public final class RuleEngine {

    private final List<TransferRule> rules;

    public RuleEngine(List<TransferRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Verdict evaluate(Transfer transfer) {
        Verdict verdict = new Verdict();
        for (TransferRule rule : rules) {
            rule.evaluate(transfer, verdict);
        }
        return verdict;
    }
}
