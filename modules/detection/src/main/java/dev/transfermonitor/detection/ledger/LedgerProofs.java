package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.events.AvroCodec;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Proofs that one ledger entry is in the ledger as signed: the entry as written, its audit path
 * in the Merkle tree of the digest that covers it, and that digest. Checking one needs the
 * public key only, no ledger and no Kafka.
 */
public final class LedgerProofs {

    private LedgerProofs() {}

    /** The audit path of the entry at {@code index} among the hashes of a digest's range, in order. */
    public static List<byte[]> path(List<String> rangeHashes, int index) {
        return MerkleTree.inclusionPath(
                rangeHashes.stream()
                        .map(h -> MerkleTree.leafHash(HexFormat.of().parseHex(h)))
                        .toList(),
                index);
    }

    /**
     * Checks a proof.
     *
     * @param entry  the entry's record value as written (single-object Avro)
     * @param digest the covering digest's record value as written
     * @return null when it proves the entry; else what is wrong
     */
    public static String check(
            byte[] entry,
            long leafIndex,
            long treeSize,
            List<byte[]> path,
            byte[] digest,
            Map<String, PublicKey> keys) {
        LedgerVerifier.Checked checked = LedgerVerifier.checkOne(entry);
        if (checked.problem() != null) {
            return "the entry: " + checked.problem();
        }
        LedgerDigest d;
        try {
            d = AvroCodec.of(LedgerDigest.class).decode(digest);
        } catch (RuntimeException e) {
            return "the digest is undecodable: " + e.getMessage();
        }
        PublicKey key = keys.get(d.getKeyId());
        if (key == null) {
            return "the digest is signed by key " + LedgerSignatures.shown(d.getKeyId())
                    + ", which is not among the public keys given";
        }
        if (!LedgerSignatures.verifies(d, key)) {
            return "bad signature: the digest is not what key " + d.getKeyId() + " signed";
        }
        if (d.getLastSequence() - d.getFirstSequence() + 1 != treeSize
                || d.getFirstSequence() + leafIndex != checked.sequence()) {
            return "the entry (sequence " + checked.sequence() + ") is not leaf " + leafIndex + " of the " + treeSize
                    + " entries " + d.getFirstSequence() + ".." + d.getLastSequence() + " the digest signs";
        }
        byte[] root = MerkleTree.rootFromPath(
                MerkleTree.leafHash(HexFormat.of().parseHex(checked.hash())), leafIndex, treeSize, path);
        if (root == null || !Arrays.equals(root, HexFormat.of().parseHex(d.getMerkleRoot()))) {
            return "the audit path does not lead from the entry to the Merkle root the digest signs";
        }
        return null;
    }
}
