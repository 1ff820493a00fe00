package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.events.AvroCodec;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks the signed digests of the ledger against the public keys and against the entries:
 * first every digest of a partition in the order written (known key, good signature, linked to
 * the digest before it by its signature, no range signed twice), then, as {@link LedgerVerifier}
 * accepts each entry, that the entries of each trusted digest hash to its head and Merkle root,
 * and at the end that no trusted digest covers entries the ledger no longer has. A digest chain
 * that breaks stops being trusted there: what follows counts as unsigned. No Kafka here.
 */
public final class DigestChecks {

    /** Where a digest chain or a signed range breaks; offset is the digest's, on the digests topic. */
    public record Problem(int partition, long digestOffset, String reason) {}

    /**
     * What the digests say of one partition's entries.
     *
     * @param signed        entries that a trusted digest covers and that match it
     * @param unsignedEarly entries before the first digest or between two (written while signing was off)
     * @param unsignedTail  entries after the last trusted digest
     * @param unsignedTailFrom offset of the first of them; -1 when there are none
     * @param unchecked     digests not checked against entries because the walk started after them
     * @param keyIds        the keys of the trusted digests, in order: more than one after a rotation
     * @param anchoredAt    offset of the first digest read when the digests before it are gone from
     *                      the topic's start (retention), so that it links to one not there; else -1
     */
    public record Coverage(
            int partition,
            int digests,
            long signed,
            long unsignedEarly,
            long unsignedTail,
            long unsignedTailFrom,
            int unchecked,
            String lastKeyId,
            Instant lastSignedAt,
            List<String> keyIds,
            long anchoredAt) {}

    private final Map<String, PublicKey> keys;
    private final AvroCodec<LedgerDigest> codec = AvroCodec.of(LedgerDigest.class);
    private final Map<Integer, Chain> chains = new TreeMap<>();

    /** @param keys public keys by key id ({@link LedgerSignatures#keyId}) */
    public DigestChecks(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /**
     * Starts the digests of a partition at {@code startOffset}, the partition's first offset. Only
     * when that is above 0 (older digests deleted by retention) may the first digest read link to
     * one that is not there; from offset 0 such a link means digests were removed (the topic
     * recreated). Without this call a partition is taken as read from offset 0.
     */
    public void begin(int topicPartition, long startOffset) {
        chains.computeIfAbsent(topicPartition, p -> new Chain()).fromStart = startOffset == 0;
    }

    /**
     * The next record of the digests topic's {@code topicPartition}, in offset order.
     *
     * @return the problem, when this digest breaks its partition's chain
     */
    public Optional<Problem> digest(int topicPartition, long offset, byte[] value) {
        LedgerDigest d;
        try {
            d = codec.decode(value);
        } catch (RuntimeException e) {
            return problem(topicPartition, offset, "undecodable digest: " + e.getMessage());
        }
        if (d.getPartition() != topicPartition) {
            return problem(
                    topicPartition,
                    offset,
                    "the digest names partition " + d.getPartition() + " but sits in partition " + topicPartition
                            + " of the digests topic");
        }
        Chain chain = chains.computeIfAbsent(topicPartition, p -> new Chain());
        if (chain.problem != null) {
            return Optional.empty();
        }
        PublicKey key = keys.get(d.getKeyId());
        String reason = null;
        Signed previous = chain.digests.isEmpty() ? null : chain.digests.get(chain.digests.size() - 1);
        if (key == null) {
            reason = "signed by unknown key " + LedgerSignatures.shown(d.getKeyId())
                    + " (give its public key with --public-key)";
        } else if (!LedgerSignatures.verifies(d, key)) {
            reason = "bad signature: the digest is not what key " + d.getKeyId() + " signed";
        } else if (previous == null && d.getPreviousSignature() != null && chain.fromStart) {
            reason = "the first digest read links to a digest that is not there (deleted digests before it)";
        } else if (previous != null && !previous.digest().getSignature().equals(d.getPreviousSignature())) {
            reason = "does not follow the digest before it (offset " + previous.offset()
                    + "): a digest was deleted, replayed or forged";
        } else if (previous != null && !previous.digest().getKeyId().equals(d.getPreviousKeyId())) {
            reason = "names " + LedgerSignatures.shown(String.valueOf(d.getPreviousKeyId()))
                    + " as the previous digest's key, but the digest before it (offset " + previous.offset()
                    + ") is signed by key " + previous.digest().getKeyId();
        } else if (previous != null && d.getFirstSequence() <= previous.digest().getLastSequence()) {
            reason = "signs sequences " + d.getFirstSequence() + ".." + d.getLastSequence()
                    + " that the digest before it already signed";
        } else if (d.getLastSequence() < d.getFirstSequence()) {
            reason = "signs an empty range " + d.getFirstSequence() + ".." + d.getLastSequence();
        }
        if (reason != null) {
            chain.problem = new Problem(topicPartition, offset, reason);
            return Optional.of(chain.problem);
        }
        if (previous == null && d.getPreviousSignature() != null) {
            chain.anchoredAt = offset;
        }
        chain.digests.add(new Signed(offset, d));
        return Optional.empty();
    }

    /** Ends the digest chain of a partition at {@code offset} for a reason found outside it (a lost file). */
    public void refuse(int partition, long offset, String reason) {
        problem(partition, offset, reason);
    }

    private Optional<Problem> problem(int partition, long offset, String reason) {
        Chain chain = chains.computeIfAbsent(partition, p -> new Chain());
        if (chain.problem == null) {
            chain.problem = new Problem(partition, offset, reason);
            return Optional.of(chain.problem);
        }
        return Optional.empty();
    }

    /** A break of the digest chain of a ledger partition, if any. */
    public Optional<Problem> chainProblem(int partition) {
        Chain chain = chains.get(partition);
        return chain == null ? Optional.empty() : Optional.ofNullable(chain.problem);
    }

    /**
     * An entry the hash chain accepted, in order.
     *
     * @return why it contradicts a digest: the signed entries were rewritten
     */
    Optional<String> entry(int partition, long offset, long sequence, String hash) {
        Chain chain = chains.computeIfAbsent(partition, p -> new Chain());
        while (chain.cursor < chain.digests.size()
                && chain.digests.get(chain.cursor).digest().getLastSequence() < sequence) {
            // A digest that ends before the walk's first entry (a walk from --from) cannot be checked.
            chain.cursor++;
            chain.unchecked++;
            chain.tree = null;
        }
        if (chain.cursor >= chain.digests.size()) {
            if (chain.unsignedTail++ == 0) {
                chain.unsignedTailFrom = offset;
            }
            return Optional.empty();
        }
        Signed current = chain.digests.get(chain.cursor);
        LedgerDigest d = current.digest();
        if (sequence < d.getFirstSequence()) {
            chain.unsignedEarly++;
            return Optional.empty();
        }
        if (chain.tree == null) {
            if (sequence != d.getFirstSequence()) {
                chain.cursor++;
                chain.unchecked++;
                return entry(partition, offset, sequence, hash);
            }
            chain.tree = new MerkleTree.Compact();
        }
        chain.tree.append(MerkleTree.leafHash(parse(hash)));
        if (sequence < d.getLastSequence()) {
            return Optional.empty();
        }
        String root = HexFormat.of().formatHex(chain.tree.root());
        long covered = chain.tree.size();
        chain.tree = null;
        chain.cursor++;
        if (!d.getHeadHash().equals(hash) || !d.getMerkleRoot().equals(root)) {
            return Optional.of("the entries " + d.getFirstSequence() + ".." + d.getLastSequence()
                    + " are not the ones the digest at offset " + current.offset()
                    + " of the digests topic signed (" + (d.getHeadHash().equals(hash) ? "Merkle root" : "head hash")
                    + " differs): the chain was rewritten");
        }
        chain.signed += covered;
        if (!d.getKeyId().equals(chain.lastKeyId)) {
            chain.keyIds.add(d.getKeyId());
        }
        chain.lastKeyId = d.getKeyId();
        chain.lastSignedAt = d.getSignedAt();
        return Optional.empty();
    }

    /**
     * After the last entry of a partition's walk: a trusted digest that covers more than the
     * ledger holds means entries were deleted.
     */
    Optional<String> end(int partition, long lastSequence) {
        Chain chain = chains.computeIfAbsent(partition, p -> new Chain());
        if (chain.cursor >= chain.digests.size()) {
            return Optional.empty();
        }
        Signed open = chain.digests.get(chain.digests.size() - 1);
        return Optional.of("truncated: the digest at offset " + open.offset()
                + " of the digests topic signs entries up to " + "sequence "
                + open.digest().getLastSequence() + " but the ledger ends at sequence " + lastSequence);
    }

    public Coverage coverage(int partition) {
        Chain c = chains.computeIfAbsent(partition, p -> new Chain());
        return new Coverage(
                partition,
                c.digests.size(),
                c.signed,
                c.unsignedEarly,
                c.unsignedTail,
                c.unsignedTailFrom,
                c.unchecked,
                c.lastKeyId,
                c.lastSignedAt,
                List.copyOf(c.keyIds),
                c.anchoredAt);
    }

    /** Ledger partitions that have digests but were not walked (their entries are all gone). */
    public List<Integer> partitions() {
        return new ArrayList<>(chains.keySet());
    }

    private static byte[] parse(String hash) {
        try {
            return HexFormat.of().parseHex(hash);
        } catch (IllegalArgumentException e) {
            return hash.getBytes(StandardCharsets.UTF_8);
        }
    }

    private record Signed(long offset, LedgerDigest digest) {}

    private static final class Chain {
        private final List<Signed> digests = new ArrayList<>();
        private final List<String> keyIds = new ArrayList<>();
        private boolean fromStart = true;
        private long anchoredAt = -1;
        private Problem problem;
        private int cursor;
        private MerkleTree.Compact tree;
        private long signed;
        private long unsignedEarly;
        private long unsignedTail;
        private long unsignedTailFrom = -1;
        private int unchecked;
        private String lastKeyId;
        private Instant lastSignedAt;
    }
}
