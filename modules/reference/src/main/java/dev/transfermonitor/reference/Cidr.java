package dev.transfermonitor.reference;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}).
 *
 * <p>Parsing is done here, character by character, and never through {@code InetAddress}:
 * that would resolve host names through DNS for any text that is not a literal, which is
 * slow on the hot path and lets untrusted input trigger network lookups.
 *
 * <p>Host bits are accepted and cleared: {@code 10.1.2.3/8} is the range {@code 10.0.0.0/8},
 * and {@link #normalized()} says so. An IPv4-mapped IPv6 range with a prefix of at least 96
 * ({@code ::ffff:10.0.0.0/104}) is the IPv4 range it maps ({@code 10.0.0.0/8}), consistent with
 * {@link #parseAddress(String)}. Instances are immutable.
 */
public final class Cidr {

    /** Longest textual IPv6 literal: eight groups with an IPv4 tail ({@code ffff:...:255.255.255.255}). */
    private static final int MAX_ADDRESS_LENGTH = 45;

    private static final int MAX_QUOTED_INPUT = 80;

    final byte[] network;
    final int prefixLength;
    private final String normalized;

    private Cidr(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.normalized = format(network) + "/" + prefixLength;
    }

    /**
     * Parses {@code address/prefix-length}; surrounding blanks are ignored.
     *
     * @throws IllegalArgumentException when the text is null, has no {@code /}, the address is
     *     not an IPv4 or IPv6 literal, or the prefix length is not a decimal within 0-32 (IPv4)
     *     or 0-128 (IPv6); the message quotes the input and says which part is wrong
     */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("CIDR range is missing (null)");
        }
        String s = text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw invalid(s, "no '/prefix-length' (write a single host as /32 or /128)");
        }
        String addressText = s.substring(0, slash);
        String prefixText = s.substring(slash + 1);
        byte[] address = parseLiteral(addressText);
        if (address == null) {
            throw invalid(s, "'" + quote(addressText) + "' is not an IPv4 or IPv6 address literal");
        }
        int prefix = parsePrefix(prefixText);
        int maxPrefix = address.length * 8;
        if (prefix < 0 || prefix > maxPrefix) {
            throw invalid(s, "prefix length '" + quote(prefixText) + "' must be a number from 0 to " + maxPrefix);
        }
        if (address.length == 16 && prefix >= 96 && isIpv4Mapped(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
            prefix -= 96;
        }
        clearHostBits(address, prefix);
        return new Cidr(address, prefix);
    }

    /**
     * Parses a plain IPv4 or IPv6 address literal (no prefix, no zone id, no brackets, no
     * surrounding blanks). IPv4 octets are decimal without leading zeros ({@code 010.0.0.1} is
     * rejected: other parsers read it as octal). An IPv4-mapped IPv6 address
     * ({@code ::ffff:192.0.2.1} or {@code ::ffff:c000:201}) is returned as its IPv4 address.
     *
     * @return 4 bytes (IPv4) or 16 bytes (IPv6), in network order; {@code null} when the text is
     *     null or not a valid literal. It never throws: it sits on the hot path, where invalid
     *     client addresses are data, not exceptional.
     */
    public static byte[] parseAddress(String ip) {
        byte[] address = parseLiteral(ip);
        if (address != null && address.length == 16 && isIpv4Mapped(address)) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        return address;
    }

    /** The canonical text of an address of 4 or 16 bytes (RFC 5952 for IPv6). */
    public static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        if (address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        int[] groups = new int[8];
        for (int g = 0; g < 8; g++) {
            groups[g] = ((address[2 * g] & 0xff) << 8) | (address[2 * g + 1] & 0xff);
        }
        // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (groups[g] != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && groups[g] == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[g]));
        }
        return sb.toString();
    }

    /** True for an IPv4 range, false for an IPv6 range. */
    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** The network address (host bits zero), 4 or 16 bytes; a copy. */
    public byte[] networkAddress() {
        return network.clone();
    }

    /** The canonical form, e.g. {@code 10.0.0.0/8} for input {@code 10.1.2.3/8}. */
    public String normalized() {
        return normalized;
    }

    /** Whether the address literal lies in this range; false for an invalid literal. */
    public boolean contains(String ip) {
        byte[] address = parseAddress(ip);
        return address != null && contains(address);
    }

    /** Whether the address (4 or 16 bytes, IPv4-mapped IPv6 counts as IPv4) lies in this range. */
    public boolean contains(byte[] address) {
        byte[] a = address.length == 16 && isIpv4Mapped(address) ? Arrays.copyOfRange(address, 12, 16) : address;
        if (a.length != network.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[fullBytes] & mask) == (network[fullBytes] & mask);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return normalized;
    }

    static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** 4 or 16 bytes as written (no IPv4-mapped folding), or null. */
    private static byte[] parseLiteral(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_ADDRESS_LENGTH) {
            return null;
        }
        if (s.indexOf(':') >= 0) {
            byte[] out = new byte[16];
            return parseIpv6(s, out) ? out : null;
        }
        byte[] out = new byte[4];
        return parseIpv4(s, 0, s.length(), out, 0) ? out : null;
    }

    /** Dotted quad in s[from, to) into out[offset, offset + 4). */
    private static boolean parseIpv4(String s, int from, int to, byte[] out, int offset) {
        int i = from;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 3 && isDigit(s.charAt(i))) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            out[offset + octet] = (byte) value;
        }
        return i == to;
    }

    private static boolean parseIpv6(String s, byte[] out) {
        int to = s.length();
        int i = 0;
        int groups = 0;
        int compressAt = -1;
        if (s.charAt(0) == ':') {
            if (to < 2 || s.charAt(1) != ':') {
                return false;
            }
            compressAt = 0;
            i = 2;
        }
        while (i < to) {
            if (groups == 8) {
                return false;
            }
            int start = i;
            int value = 0;
            while (i < to && hexValue(s.charAt(i)) >= 0) {
                if (i - start == 4) {
                    return false;
                }
                value = (value << 4) | hexValue(s.charAt(i));
                i++;
            }
            if (i < to && s.charAt(i) == '.') {
                // An embedded IPv4 address takes the last two groups.
                if (groups > 6 || !parseIpv4(s, start, to, out, 2 * groups)) {
                    return false;
                }
                groups += 2;
                break;
            }
            if (i == start) {
                return false;
            }
            out[2 * groups] = (byte) (value >>> 8);
            out[2 * groups + 1] = (byte) value;
            groups++;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (compressAt >= 0) {
                    return false;
                }
                compressAt = groups;
                i++;
            } else if (i == to) {
                return false;
            }
        }
        if (compressAt < 0) {
            return groups == 8;
        }
        if (groups > 7) {
            return false;
        }
        int tailBytes = 2 * (groups - compressAt);
        System.arraycopy(out, 2 * compressAt, out, 16 - tailBytes, tailBytes);
        Arrays.fill(out, 2 * compressAt, 16 - tailBytes, (byte) 0);
        return true;
    }

    private static int parsePrefix(String text) {
        int n = text.length();
        if (n == 0 || n > 3 || (n > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void clearHostBits(byte[] address, int prefix) {
        for (int i = 0; i < address.length; i++) {
            int bitsKept = Math.max(0, Math.min(8, prefix - 8 * i));
            int mask = bitsKept == 0 ? 0 : (0xff << (8 - bitsKept)) & 0xff;
            address[i] = (byte) (address[i] & mask);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String input, String reason) {
        return new IllegalArgumentException("invalid CIDR range '" + quote(input) + "': " + reason);
    }

    private static String quote(String s) {
        return s.length() <= MAX_QUOTED_INPUT ? s : s.substring(0, MAX_QUOTED_INPUT) + "...";
    }
}
