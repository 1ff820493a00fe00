package dev.transfermonitor.detection.ledger;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 Merkle trees (section 2.1): leaf {@code SHA-256(0x00 || data)}, node
 * {@code SHA-256(0x01 || left || right)}, a tree of n leaves split at the largest power of two
 * below n. {@link Compact} builds the root of a growing tree in O(log n) state, which is what
 * the ledger keeps per partition between digests; the static methods serve proofs and checks.
 */
public final class MerkleTree {

    /** SHA-256 of nothing: the root of the empty tree. */
    public static final byte[] EMPTY_ROOT = newSha256().digest();

    /** One digest per thread: looking one up costs about as much as hashing a node. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleTree::newSha256);

    private MerkleTree() {}

    public static byte[] leafHash(byte[] data) {
        MessageDigest d = sha256();
        d.update((byte) 0);
        d.update(data);
        return d.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 1);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** The Merkle Tree Hash over leaf hashes, in order. */
    public static byte[] root(List<byte[]> leafHashes) {
        Compact compact = new Compact();
        leafHashes.forEach(compact::append);
        return compact.root();
    }

    /** The audit path of leaf {@code index} (RFC 6962 2.1.1), nearest sibling first. */
    public static List<byte[]> inclusionPath(List<byte[]> leafHashes, int index) {
        if (index < 0 || index >= leafHashes.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leafHashes.size());
        }
        List<byte[]> path = new ArrayList<>();
        path(leafHashes, index, path);
        return path;
    }

    private static void path(List<byte[]> leaves, int index, List<byte[]> path) {
        if (leaves.size() == 1) {
            return;
        }
        int k = splitOf(leaves.size());
        if (index < k) {
            path(leaves.subList(0, k), index, path);
            path.add(root(leaves.subList(k, leaves.size())));
        } else {
            path(leaves.subList(k, leaves.size()), index - k, path);
            path.add(root(leaves.subList(0, k)));
        }
    }

    /**
     * The root that an audit path gives for a leaf (RFC 9162 2.1.3.2); null when the index and
     * size cannot hold that path.
     */
    public static byte[] rootFromPath(byte[] leafHash, long index, long size, List<byte[]> path) {
        if (index < 0 || index >= size) {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /** Largest power of two below n (n >= 2). */
    private static int splitOf(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        MessageDigest d = SHA256.get();
        d.reset();
        return d;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * A growing tree as the roots of its perfect subtrees, largest first: appending merges equal
     * sizes, the root folds them right to left. Serialises to 8 bytes of size plus 32 per subtree.
     */
    public static final class Compact {
        private long size;
        private final List<byte[]> peaks = new ArrayList<>();

        public void append(byte[] leafHash) {
            byte[] node = leafHash;
            long s = size;
            while ((s & 1) == 1) {
                node = nodeHash(peaks.remove(peaks.size() - 1), node);
                s >>= 1;
            }
            peaks.add(node);
            size++;
        }

        public long size() {
            return size;
        }

        public byte[] root() {
            if (peaks.isEmpty()) {
                return EMPTY_ROOT.clone();
            }
            byte[] r = peaks.get(peaks.size() - 1);
            for (int i = peaks.size() - 2; i >= 0; i--) {
                r = nodeHash(peaks.get(i), r);
            }
            return r;
        }

        public byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES + 32 * peaks.size()).putLong(size);
            peaks.forEach(b::put);
            return b.array();
        }

        /** @throws IllegalArgumentException when the bytes are not a compact tree */
        public static Compact fromBytes(byte[] bytes) {
            if (bytes.length < Long.BYTES || (bytes.length - Long.BYTES) % 32 != 0) {
                throw new IllegalArgumentException("not a compact Merkle tree: " + bytes.length + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            Compact c = new Compact();
            c.size = b.getLong();
            if (c.size < 0 || Long.bitCount(c.size) != (bytes.length - Long.BYTES) / 32) {
                throw new IllegalArgumentException("not a compact Merkle tree: size " + c.size);
            }
            for (int i = Long.BYTES; i < bytes.length; i += 32) {
                c.peaks.add(Arrays.copyOfRange(bytes, i, i + 32));
            }
            return c;
        }
    }
}
