package dev.transfermonitor.detection;

import dev.transfermonitor.detection.rules.Verdict;

/** A transfer with what the rules decided about it, handed to the lifecycle and the ledger. */
public record TransferVerdict(Transfer transfer, Verdict verdict) {}
