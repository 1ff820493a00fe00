package dev.transfermonitor.detection.ledger;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;

/**
 * The monitor's ledger signing key and how often each partition's chain head is signed.
 *
 * @param keys     an Ed25519 key pair (the public half names the key)
 * @param interval wall-clock time between digests of a partition with new entries
 */
public record LedgerSigner(KeyPair keys, Duration interval) {

    public LedgerSigner {
        Objects.requireNonNull(keys, "keys");
        LedgerSignatures.requireMatching(keys);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the signing interval must be positive, was " + interval);
        }
    }

    public String keyId() {
        return LedgerSignatures.keyId(keys.getPublic());
    }

    @Override
    public String toString() {
        return "LedgerSigner[key " + keyId() + ", every " + interval + "]";
    }
}
