package dev.transfermonitor.reference;

import java.util.Objects;

/**
 * Longest-prefix match from IP address to a value (a country, a network record), over IPv4
 * and IPv6 ranges.
 *
 * <p>The structure is a path-compressed binary trie (one per address family) made of
 * immutable nodes. A write copies only the path from the root to the changed node and then
 * publishes the new roots with one volatile write, so readers on other threads always see
 * a complete, consistent snapshot without locking, and a lookup allocates nothing beyond
 * parsing the address. Writes are serialised (one writer at a time is the intended use:
 * the thread that consumes the reference topic); each costs O(prefix length).
 *
 * <p>IPv4 addresses, including IPv4-mapped IPv6 ones ({@code ::ffff:a.b.c.d}), are looked up
 * in the IPv4 ranges only; IPv6 ranges never match them, not even {@code ::/0}.
 *
 * @param <V> the value type; values are never null
 */
public final class NetworkIndex<V> {

    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;

    /** One consistent state: both families and the count of ranges. */
    private record Roots<V>(Node<V> ipv4, Node<V> ipv6, int size) {}

    /**
     * A trie node: the first {@code length} bits of the 128-bit key {@code hi:lo} (the rest zero).
     * A node without a value only joins two subtrees, so it always has both children.
     */
    private record Node<V>(long hi, long lo, int length, V value, Node<V> zero, Node<V> one) {}

    private volatile Roots<V> roots = new Roots<>(null, null, 0);

    /**
     * Sets the value of a range, replacing any value it had.
     *
     * @return the previous value of exactly this range, or null
     */
    public synchronized V put(Cidr cidr, V value) {
        Objects.requireNonNull(cidr, "cidr");
        Objects.requireNonNull(value, "value");
        Roots<V> current = roots;
        boolean v4 = cidr.isIpv4();
        long hi = hi(cidr.network);
        long lo = lo(cidr.network);
        int length = cidr.prefixLength;
        Node<V> root = v4 ? current.ipv4 : current.ipv6;
        V previous = exact(root, hi, lo, length);
        Node<V> updated = insert(root, hi, lo, length, value);
        int size = current.size + (previous == null ? 1 : 0);
        roots = v4 ? new Roots<>(updated, current.ipv6, size) : new Roots<>(current.ipv4, updated, size);
        return previous;
    }

    /**
     * Removes a range (exactly this prefix; longer and shorter ones stay).
     *
     * @return the value it had, or null when it was not present
     */
    public synchronized V remove(Cidr cidr) {
        Objects.requireNonNull(cidr, "cidr");
        Roots<V> current = roots;
        boolean v4 = cidr.isIpv4();
        long hi = hi(cidr.network);
        long lo = lo(cidr.network);
        int length = cidr.prefixLength;
        Node<V> root = v4 ? current.ipv4 : current.ipv6;
        V previous = exact(root, hi, lo, length);
        if (previous == null) {
            return null;
        }
        Node<V> updated = delete(root, hi, lo, length);
        int size = current.size - 1;
        roots = v4 ? new Roots<>(updated, current.ipv6, size) : new Roots<>(current.ipv4, updated, size);
        return previous;
    }

    /** Removes every range. */
    public synchronized void clear() {
        roots = new Roots<>(null, null, 0);
    }

    /** The value of exactly this range (no longest-prefix match), or null. */
    public V get(Cidr cidr) {
        Roots<V> r = roots;
        return exact(cidr.isIpv4() ? r.ipv4 : r.ipv6, hi(cidr.network), lo(cidr.network), cidr.prefixLength);
    }

    /**
     * The value of the most specific range containing the address.
     *
     * @param ip an IPv4 or IPv6 literal (see {@link Cidr#parseAddress(String)})
     * @return the value, or null when no range contains it or the text is not a valid literal
     */
    public V lookup(String ip) {
        byte[] address = Cidr.parseAddress(ip);
        return address == null ? null : lookup(address);
    }

    /**
     * The value of the most specific range containing the address.
     *
     * @param address 4 bytes (IPv4) or 16 bytes (IPv6; IPv4-mapped counts as IPv4)
     * @return the value, or null when no range contains it or the array has another length
     */
    public V lookup(byte[] address) {
        Roots<V> r = roots;
        if (address.length == 4) {
            return longestMatch(r.ipv4, hi(address), 0L);
        }
        if (address.length == 16) {
            if (Cidr.isIpv4Mapped(address)) {
                long v4 = ((address[12] & 0xffL) << 56)
                        | ((address[13] & 0xffL) << 48)
                        | ((address[14] & 0xffL) << 40)
                        | ((address[15] & 0xffL) << 32);
                return longestMatch(r.ipv4, v4, 0L);
            }
            return longestMatch(r.ipv6, hi(address), lo(address));
        }
        return null;
    }

    /** Number of ranges. */
    public int size() {
        return roots.size;
    }

    private static <V> V longestMatch(Node<V> root, long hi, long lo) {
        V best = null;
        Node<V> node = root;
        while (node != null && matches(node, hi, lo)) {
            if (node.value != null) {
                best = node.value;
            }
            if (node.length >= IPV6_BITS) {
                break;
            }
            node = bit(hi, lo, node.length) == 0 ? node.zero : node.one;
        }
        return best;
    }

    private static <V> V exact(Node<V> root, long hi, long lo, int length) {
        Node<V> node = root;
        while (node != null && node.length <= length && matches(node, hi, lo)) {
            if (node.length == length) {
                return node.value;
            }
            node = bit(hi, lo, node.length) == 0 ? node.zero : node.one;
        }
        return null;
    }

    private static <V> Node<V> insert(Node<V> node, long hi, long lo, int length, V value) {
        if (node == null) {
            return new Node<>(hi, lo, length, value, null, null);
        }
        int common = Math.min(commonPrefix(node.hi, node.lo, hi, lo), Math.min(node.length, length));
        if (common == node.length && common == length) {
            return new Node<>(node.hi, node.lo, node.length, value, node.zero, node.one);
        }
        if (common == node.length) {
            if (bit(hi, lo, node.length) == 0) {
                return new Node<>(
                        node.hi, node.lo, node.length, node.value, insert(node.zero, hi, lo, length, value), node.one);
            }
            return new Node<>(
                    node.hi, node.lo, node.length, node.value, node.zero, insert(node.one, hi, lo, length, value));
        }
        if (common == length) {
            // The new range contains this node: it becomes the parent.
            return bit(node.hi, node.lo, length) == 0
                    ? new Node<>(hi, lo, length, value, node, null)
                    : new Node<>(hi, lo, length, value, null, node);
        }
        // They diverge inside both prefixes: join them under a node without a value.
        Node<V> leaf = new Node<>(hi, lo, length, value, null, null);
        long joinHi = hi & mask(common);
        long joinLo = lo & mask(common - 64);
        return bit(hi, lo, common) == 0
                ? new Node<>(joinHi, joinLo, common, null, leaf, node)
                : new Node<>(joinHi, joinLo, common, null, node, leaf);
    }

    /** Only called when the exact range is present. */
    private static <V> Node<V> delete(Node<V> node, long hi, long lo, int length) {
        if (node.length == length) {
            if (node.zero != null && node.one != null) {
                return new Node<>(node.hi, node.lo, node.length, null, node.zero, node.one);
            }
            return node.zero != null ? node.zero : node.one;
        }
        boolean zeroSide = bit(hi, lo, node.length) == 0;
        Node<V> zero = zeroSide ? delete(node.zero, hi, lo, length) : node.zero;
        Node<V> one = zeroSide ? node.one : delete(node.one, hi, lo, length);
        if (node.value == null && (zero == null || one == null)) {
            // A joining node with one subtree left is no longer needed.
            return zero != null ? zero : one;
        }
        return new Node<>(node.hi, node.lo, node.length, node.value, zero, one);
    }

    private static boolean matches(Node<?> node, long hi, long lo) {
        int length = node.length;
        if (length <= 64) {
            return ((hi ^ node.hi) & mask(length)) == 0;
        }
        return hi == node.hi && ((lo ^ node.lo) & mask(length - 64)) == 0;
    }

    /** Number of leading bits two 128-bit keys share (128 when equal). */
    private static int commonPrefix(long hi1, long lo1, long hi2, long lo2) {
        long x = hi1 ^ hi2;
        return x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(lo1 ^ lo2);
    }

    /** A mask of the n leading bits of a 64-bit word; n is clamped to 0..64. */
    private static long mask(int n) {
        if (n <= 0) {
            return 0L;
        }
        return n >= 64 ? -1L : -1L << (64 - n);
    }

    private static int bit(long hi, long lo, int index) {
        return index < 64 ? (int) (hi >>> (63 - index)) & 1 : (int) (lo >>> (127 - index)) & 1;
    }

    private static long hi(byte[] a) {
        long v = 0;
        int n = Math.min(8, a.length);
        for (int i = 0; i < n; i++) {
            v |= (a[i] & 0xffL) << (56 - 8 * i);
        }
        return v;
    }

    private static long lo(byte[] a) {
        long v = 0;
        for (int i = 8; i < a.length; i++) {
            v |= (a[i] & 0xffL) << (56 - 8 * (i - 8));
        }
        return v;
    }
}
