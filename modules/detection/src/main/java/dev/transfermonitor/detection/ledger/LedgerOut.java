package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;

/**
 * What the ledger writes for the chain of one partition (the input partition): an entry, or a
 * signed digest over the entries since the last one. Exactly one of the two is set.
 */
public record LedgerOut(int partition, LedgerEntry entry, LedgerDigest digest) {

    public static LedgerOut entry(int partition, LedgerEntry entry) {
        return new LedgerOut(partition, entry, null);
    }

    public static LedgerOut digest(int partition, LedgerDigest digest) {
        return new LedgerOut(partition, null, digest);
    }
}
