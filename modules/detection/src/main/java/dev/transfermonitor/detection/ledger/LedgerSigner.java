package dev.transfermonitor.detection.ledger;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's ledger signing key, how often each partition's chain head is signed, and the
 * signing at shutdown: {@link #requestFinalDigests} asks every running chain to sign its head at
 * its next tick instead of at the next interval, so that a stop leaves no unsigned tail.
 */
public final class LedgerSigner {

    /** How often a running chain looks whether a final digest is asked for. */
    static final Duration TICK = Duration.ofMillis(200);

    private final KeyPair keys;
    private final Duration interval;
    private final Set<Object> running = ConcurrentHashMap.newKeySet();
    private final Set<Object> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /**
     * @param keys     an Ed25519 key pair (the public half names the key)
     * @param interval wall-clock time between digests of a partition with new entries
     */
    public LedgerSigner(KeyPair keys, Duration interval) {
        Objects.requireNonNull(keys, "keys");
        LedgerSignatures.requireMatching(keys);
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the signing interval must be positive, was " + interval);
        }
        this.keys = keys;
        this.interval = interval;
    }

    public KeyPair keys() {
        return keys;
    }

    public Duration interval() {
        return interval;
    }

    public String keyId() {
        return LedgerSignatures.keyId(keys.getPublic());
    }

    void opened(Object chain) {
        running.add(chain);
    }

    void closed(Object chain) {
        running.remove(chain);
        pending.remove(chain);
    }

    boolean closing() {
        return closing;
    }

    void finalSigned(Object chain) {
        pending.remove(chain);
    }

    /** From now on every running chain signs its head at each tick; see {@link #awaitFinalDigests}. */
    public void requestFinalDigests() {
        pending.addAll(running);
        closing = true;
    }

    /**
     * Waits until every chain running when the digests were requested has signed its head (the
     * digest then commits with the close), or {@code timeout} passes.
     *
     * @return the number of chains that have not
     */
    public int awaitFinalDigests(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(TICK.toMillis() / 4);
        }
        return pending.size();
    }

    @Override
    public String toString() {
        return "LedgerSigner[key " + keyId() + ", every " + interval + "]";
    }
}
