package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerEntry;

/** A ledger entry and the partition of the chain it extends (the input partition). */
public record LedgerOut(int partition, LedgerEntry entry) {}
