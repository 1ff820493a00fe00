package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class NetworkIndexTest {

    private final NetworkIndex<String> index = new NetworkIndex<>();

    private void put(String cidr, String value) {
        index.put(Cidr.parse(cidr), value);
    }

    @Test
    void longestPrefixWins() {
        put("10.0.0.0/8", "KR");
        put("10.20.0.0/16", "SG");
        assertThat(index.lookup("10.20.1.2")).isEqualTo("SG");
        assertThat(index.lookup("10.9.9.9")).isEqualTo("KR");
        assertThat(index.lookup("10.21.0.1")).isEqualTo("KR");
        assertThat(index.lookup("11.0.0.1")).isNull();
    }

    @Test
    void orderOfInsertionDoesNotMatter() {
        put("10.20.0.0/16", "SG");
        put("10.0.0.0/8", "KR");
        put("10.20.30.0/24", "JP");
        assertThat(index.lookup("10.20.30.1")).isEqualTo("JP");
        assertThat(index.lookup("10.20.31.1")).isEqualTo("SG");
        assertThat(index.lookup("10.0.0.1")).isEqualTo("KR");
    }

    @Test
    void siblingRangesThatDivergeInsideTheirPrefixes() {
        put("192.0.2.0/25", "A");
        put("192.0.2.128/25", "B");
        put("192.0.3.0/24", "C");
        assertThat(index.lookup("192.0.2.1")).isEqualTo("A");
        assertThat(index.lookup("192.0.2.200")).isEqualTo("B");
        assertThat(index.lookup("192.0.3.7")).isEqualTo("C");
        assertThat(index.lookup("192.0.4.1")).isNull();
        assertThat(index.size()).isEqualTo(3);
    }

    @Test
    void ipv6LongestPrefixMatch() {
        put("2001:db8:100::/48", "KR");
        put("2001:db8:200::/48", "US");
        put("2001:db8::/32", "DOC");
        assertThat(index.lookup("2001:db8:100::1")).isEqualTo("KR");
        assertThat(index.lookup("2001:db8:100:ffff:ffff:ffff:ffff:ffff")).isEqualTo("KR");
        assertThat(index.lookup("2001:db8:200:1::9")).isEqualTo("US");
        assertThat(index.lookup("2001:db8:300::1")).isEqualTo("DOC");
        assertThat(index.lookup("2001:db9::1")).isNull();
    }

    @Test
    void ipv6RangesBeyondTheFirst64Bits() {
        put("2001:db8::/64", "net");
        put("2001:db8::8000:0:0:0/65", "upper-half");
        put("2001:db8::abcd:0/112", "small");
        assertThat(index.lookup("2001:db8::1")).isEqualTo("net");
        assertThat(index.lookup("2001:db8::8000:0:0:1")).isEqualTo("upper-half");
        assertThat(index.lookup("2001:db8::abcd:1234")).isEqualTo("small");
        assertThat(index.lookup("2001:db8::abce:1234")).isEqualTo("net");
    }

    @Test
    void defaultRoutesMatchEverythingInTheirFamilyOnly() {
        put("0.0.0.0/0", "any-v4");
        assertThat(index.lookup("8.8.8.8")).isEqualTo("any-v4");
        assertThat(index.lookup("2001:db8::1")).isNull();
        put("::/0", "any-v6");
        assertThat(index.lookup("2001:db8::1")).isEqualTo("any-v6");
        assertThat(index.lookup("::ffff:8.8.8.8")).isEqualTo("any-v4");
        put("8.8.8.0/24", "dns");
        assertThat(index.lookup("8.8.8.8")).isEqualTo("dns");
        assertThat(index.lookup("8.8.9.8")).isEqualTo("any-v4");
    }

    @Test
    void hostRoutes() {
        put("203.0.113.0/24", "NL");
        put("203.0.113.77/32", "host");
        put("2001:db8::/32", "v6");
        put("2001:db8::77/128", "v6-host");
        assertThat(index.lookup("203.0.113.77")).isEqualTo("host");
        assertThat(index.lookup("203.0.113.76")).isEqualTo("NL");
        assertThat(index.lookup("203.0.113.78")).isEqualTo("NL");
        assertThat(index.lookup("2001:db8::77")).isEqualTo("v6-host");
        assertThat(index.lookup("2001:db8::76")).isEqualTo("v6");
        assertThat(index.lookup("2001:db8::78")).isEqualTo("v6");
    }

    @Test
    void ipv4MappedIpv6AddressesUseTheIpv4Ranges() {
        put("10.0.0.0/8", "KR");
        put("10.20.0.0/16", "SG");
        assertThat(index.lookup("::ffff:10.20.1.2")).isEqualTo("SG");
        assertThat(index.lookup("::ffff:a09:909")).isEqualTo("KR");
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 20, 1, 2};
        assertThat(index.lookup(mapped)).isEqualTo("SG");
        // A range written in mapped form is the IPv4 range.
        put("::ffff:192.0.2.0/120", "mapped");
        assertThat(index.lookup("192.0.2.9")).isEqualTo("mapped");
        assertThat(index.get(Cidr.parse("192.0.2.0/24"))).isEqualTo("mapped");
    }

    @Test
    void removalFallsBackToTheShorterPrefix() {
        put("10.0.0.0/8", "KR");
        put("10.20.0.0/16", "SG");
        put("10.20.30.0/24", "JP");
        assertThat(index.remove(Cidr.parse("10.20.0.0/16"))).isEqualTo("SG");
        assertThat(index.lookup("10.20.1.2")).isEqualTo("KR");
        assertThat(index.lookup("10.20.30.4")).isEqualTo("JP");
        assertThat(index.size()).isEqualTo(2);
        assertThat(index.remove(Cidr.parse("10.0.0.0/8"))).isEqualTo("KR");
        assertThat(index.lookup("10.20.1.2")).isNull();
        assertThat(index.lookup("10.20.30.4")).isEqualTo("JP");
        assertThat(index.remove(Cidr.parse("10.20.30.0/24"))).isEqualTo("JP");
        assertThat(index.lookup("10.20.30.4")).isNull();
        assertThat(index.size()).isZero();
    }

    @Test
    void removingAnAbsentRangeChangesNothing() {
        put("10.0.0.0/8", "KR");
        assertThat(index.remove(Cidr.parse("10.0.0.0/16"))).isNull();
        assertThat(index.remove(Cidr.parse("10.0.0.0/7"))).isNull();
        assertThat(index.remove(Cidr.parse("2001:db8::/32"))).isNull();
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.lookup("10.1.1.1")).isEqualTo("KR");
    }

    @Test
    void putReplacesAndReturnsThePreviousValue() {
        assertThat(index.put(Cidr.parse("10.0.0.0/8"), "KR")).isNull();
        assertThat(index.put(Cidr.parse("10.1.2.3/8"), "SG")).isEqualTo("KR");
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.lookup("10.1.1.1")).isEqualTo("SG");
        assertThat(index.get(Cidr.parse("10.0.0.0/8"))).isEqualTo("SG");
        assertThat(index.get(Cidr.parse("10.0.0.0/9"))).isNull();
    }

    @Test
    void sameBitsInBothFamiliesAreSeparate() {
        put("10.0.0.0/8", "v4");
        put("a00::/8", "v6");
        assertThat(index.lookup("10.1.1.1")).isEqualTo("v4");
        assertThat(index.lookup("a01::1")).isEqualTo("v6");
        assertThat(index.size()).isEqualTo(2);
        index.remove(Cidr.parse("10.0.0.0/8"));
        assertThat(index.lookup("a01::1")).isEqualTo("v6");
        assertThat(index.lookup("10.1.1.1")).isNull();
    }

    @Test
    void invalidAddressesReturnNull() {
        put("0.0.0.0/0", "any-v4");
        put("::/0", "any-v6");
        assertThat(index.lookup((String) null)).isNull();
        assertThat(index.lookup("")).isNull();
        assertThat(index.lookup("not-an-ip")).isNull();
        assertThat(index.lookup("localhost")).isNull();
        assertThat(index.lookup("10.0.0.256")).isNull();
        assertThat(index.lookup("10.0.0.0/8")).isNull();
        assertThat(index.lookup("fe80::1%eth0")).isNull();
        assertThat(index.lookup(new byte[5])).isNull();
    }

    @Test
    void clearEmptiesTheIndex() {
        put("10.0.0.0/8", "KR");
        put("::/0", "any");
        index.clear();
        assertThat(index.size()).isZero();
        assertThat(index.lookup("10.0.0.1")).isNull();
        assertThat(index.lookup("::1")).isNull();
    }

    @Test
    void nullsAreRejected() {
        assertThatThrownBy(() -> index.put(null, "x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> index.put(Cidr.parse("10.0.0.0/8"), null)).isInstanceOf(NullPointerException.class);
    }

    /** Random ranges and addresses, checked against a linear scan: catches split/collapse mistakes. */
    @Test
    void agreesWithALinearScanUnderRandomPutsAndRemoves() {
        Random random = new Random(20260331L);
        Map<Cidr, String> reference = new HashMap<>();
        List<Cidr> inserted = new ArrayList<>();
        for (int step = 0; step < 4_000; step++) {
            boolean v4 = random.nextBoolean();
            if (!inserted.isEmpty() && random.nextInt(3) == 0) {
                Cidr victim = inserted.remove(random.nextInt(inserted.size()));
                assertThat(index.remove(victim)).isEqualTo(reference.remove(victim));
            } else {
                Cidr cidr = randomCidr(random, v4);
                String value = "v" + step;
                assertThat(index.put(cidr, value)).isEqualTo(reference.put(cidr, value));
                if (!inserted.contains(cidr)) {
                    inserted.add(cidr);
                }
            }
            assertThat(index.size()).isEqualTo(reference.size());
            for (int probe = 0; probe < 5; probe++) {
                byte[] address = randomAddress(random, random.nextBoolean());
                assertThat(index.lookup(address))
                        .as("lookup %s", Cidr.format(address))
                        .isEqualTo(linearLongestMatch(reference, address));
            }
        }
    }

    /**
     * One writer keeps adding and removing a more specific range while readers look up
     * addresses covered by a fixed shorter one: a reader must always see one of the two
     * values, never nothing (a torn or half-built structure).
     */
    @Test
    void readersNeverSeeATornStructureWhileOneThreadWrites() throws InterruptedException {
        put("10.0.0.0/8", "KR");
        put("2001:db8::/32", "V6");
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        int readers = 2;
        CountDownLatch started = new CountDownLatch(readers);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            Thread reader = new Thread(
                    () -> {
                        started.countDown();
                        long reads = 0;
                        while (writing.get() || reads < 1_000) {
                            String v4 = index.lookup("10.20.1.2");
                            String v6 = index.lookup("2001:db8:1::1");
                            if (!"KR".equals(v4) && !"SG".equals(v4)) {
                                problems.add("IPv4 lookup saw " + v4);
                            }
                            if (!"V6".equals(v6) && !"V6-more".equals(v6)) {
                                problems.add("IPv6 lookup saw " + v6);
                            }
                            reads++;
                        }
                    },
                    "reader-" + r);
            threads.add(reader);
            reader.start();
        }
        started.await();
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            put("10.20.0.0/16", "SG");
            put("2001:db8:1::/48", "V6-more");
            // Unrelated ranges, so the trie keeps changing shape around the watched ones.
            put("172." + (16 + random.nextInt(16)) + "." + random.nextInt(256) + ".0/24", "noise");
            index.remove(Cidr.parse("10.20.0.0/16"));
            index.remove(Cidr.parse("2001:db8:1::/48"));
        }
        writing.set(false);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(problems).isEmpty();
    }

    private static Cidr randomCidr(Random random, boolean v4) {
        byte[] address = randomAddress(random, v4);
        int max = v4 ? 32 : 128;
        // Bias towards few distinct prefixes so ranges nest and collide often.
        int prefix = random.nextInt(4) == 0 ? random.nextInt(max + 1) : (v4 ? 8 : 32) + random.nextInt(v4 ? 17 : 33);
        return Cidr.parse(Cidr.format(address) + "/" + prefix);
    }

    private static byte[] randomAddress(Random random, boolean v4) {
        byte[] a = new byte[v4 ? 4 : 16];
        random.nextBytes(a);
        // Few distinct leading bits, so random addresses fall into the random ranges.
        a[0] = (byte) (v4 ? 10 : 0x20);
        a[1] = (byte) (a[1] & 0x03);
        if (!v4) {
            a[2] = 0;
            a[3] = (byte) (a[3] & 0x01);
        }
        return a;
    }

    private static String linearLongestMatch(Map<Cidr, String> ranges, byte[] address) {
        Cidr best = null;
        for (Cidr cidr : ranges.keySet()) {
            if (cidr.contains(address) && (best == null || cidr.prefixLength() > best.prefixLength())) {
                best = cidr;
            }
        }
        return best == null ? null : ranges.get(best);
    }
}
