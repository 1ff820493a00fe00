package dev.transfermonitor.app.audit;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.TopicWalk;
import dev.transfermonitor.app.kafka.WalkListener;
import dev.transfermonitor.detection.ledger.DigestChecks;
import dev.transfermonitor.detection.ledger.LedgerVerifier;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code audit verify}'s work: reads each partition of the ledger topic from its start (or the
 * first entry written at {@code from}) to the end it had when the walk began (or {@code to}),
 * committed records only, and checks every entry with a {@link LedgerVerifier}.
 */
public final class LedgerAudit {

    /**
     * What the walk found.
     *
     * @param stopped the walk was stopped before the end: nothing is verified
     */
    public record Result(String topic, int partitions, LedgerVerifier.Result verification, boolean stopped) {

        /** Walked to the end and no chain is broken. */
        public boolean intact() {
            return !stopped && verification.firstBreak().isEmpty();
        }
    }

    private LedgerAudit() {}

    /**
     * @param from          null for each partition's beginning; else by the records' Kafka timestamps
     * @param to            null for the end offsets seen now
     * @param stopRequested asked between polls whether to give up
     * @throws ConfigException when the topic does not exist
     */
    public static Result verify(
            MonitorConfig config,
            String topic,
            Instant from,
            Instant to,
            BooleanSupplier stopRequested,
            WalkListener listener) {
        return verify(config, topic, from, to, null, stopRequested, listener);
    }

    /**
     * The same, and with {@code keys} (null: none) the signed digests of {@code digestsTopic}:
     * read whole first, then each entry checked against them as the chain is walked.
     */
    public static Result verify(
            MonitorConfig config,
            String topic,
            Instant from,
            Instant to,
            Map<String, PublicKey> keys,
            BooleanSupplier stopRequested,
            WalkListener listener) {
        BooleanSupplier keepGoing = () -> !stopRequested.getAsBoolean();
        DigestChecks digests = null;
        if (keys != null) {
            DigestChecks checks = new DigestChecks(keys);
            String digestsTopic = config.topics().auditDigests();
            TopicWalk.walk(config, digestsTopic, null, null, keepGoing, new TopicWalk.Visitor() {
                @Override
                public void begin(int partition, long start, long end) {
                    checks.begin(partition, start);
                    listener.partition(digestsTopic, partition);
                }

                @Override
                public void record(int partition, long offset, long timestamp, byte[] value) {
                    checks.digest(partition, offset, value);
                    listener.records(1);
                }

                @Override
                public void polled() {
                    listener.polled();
                }
            });
            digests = checks;
        }
        LedgerVerifier verifier = new LedgerVerifier(digests);
        int partitions = TopicWalk.walk(config, topic, from, to, keepGoing, new TopicWalk.Visitor() {
            @Override
            public void begin(int partition, long start, long end) {
                verifier.begin(partition, start);
                listener.partition(topic, partition);
            }

            @Override
            public void record(int partition, long offset, long timestamp, byte[] value) {
                verifier.check(partition, offset, value);
                listener.records(1);
            }

            @Override
            public void polled() {
                listener.polled();
            }
        });
        return new Result(topic, partitions, verifier.result(to == null), stopRequested.getAsBoolean());
    }
}
