package dev.transfermonitor.detection.rules;

import dev.transfermonitor.detection.Transfer;

/** One stateless rule: looks at an enriched transfer and adds findings or a ledger decision. */
public interface TransferRule {

    /** Stable id, stamped on alerts and part of their keys. */
    String id();

    void evaluate(Transfer transfer, Verdict verdict);
}
