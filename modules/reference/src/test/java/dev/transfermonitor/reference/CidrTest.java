package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "10.20.1.2/16, 10.20.0.0/16",
        "0.0.0.0/0, 0.0.0.0/0",
        "255.255.255.255/0, 0.0.0.0/0",
        "203.0.113.77/32, 203.0.113.77/32",
        "192.0.2.129/25, 192.0.2.128/25",
        "' 198.51.100.0/24 ', 198.51.100.0/24",
        "2001:db8:100::/48, 2001:db8:100::/48",
        "2001:DB8:100:1::/48, 2001:db8:100::/48",
        "2001:0db8:0000:0000:0000:0000:0000:0001/128, 2001:db8::1/128",
        "::/0, ::/0",
        "::1/128, ::1/128",
        "1::/16, 1::/16",
        "fe80::1:2/10, fe80::/10",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "1:0:0:2:0:0:0:3/128, 1:0:0:2::3/128",
        "1:2:3:4:5:6:7:8/128, 1:2:3:4:5:6:7:8/128",
        "::ffff:10.1.2.3/104, 10.0.0.0/8",
        "::ffff:c000:280/120, 192.0.2.0/24",
        "::ffff:0:0/96, 0.0.0.0/0",
        "::ffff:0:0/80, ::/80",
        "64:ff9b::192.0.2.33/96, 64:ff9b::/96",
    })
    void parsesAndNormalizes(String input, String normalized) {
        Cidr cidr = Cidr.parse(input);
        assertThat(cidr.normalized()).isEqualTo(normalized);
        assertThat(cidr.toString()).isEqualTo(normalized);
        assertThat(Cidr.parse(normalized)).isEqualTo(cidr).hasSameHashCodeAs(cidr);
    }

    @Test
    void exposesFamilyPrefixAndNetwork() {
        Cidr v4 = Cidr.parse("10.20.30.40/16");
        assertThat(v4.isIpv4()).isTrue();
        assertThat(v4.prefixLength()).isEqualTo(16);
        assertThat(v4.networkAddress()).containsExactly(10, 20, 0, 0);
        Cidr v6 = Cidr.parse("2001:db8::/32");
        assertThat(v6.isIpv4()).isFalse();
        assertThat(v6.prefixLength()).isEqualTo(32);
        assertThat(v6.networkAddress()).hasSize(16);
        // A copy: changing it must not change the range.
        v4.networkAddress()[0] = 99;
        assertThat(v4.normalized()).isEqualTo("10.20.0.0/16");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                "/",
                "10.0.0.0",
                "10.0.0.0/",
                "/8",
                "10.0.0.0/33",
                "10.0.0.0/-1",
                "10.0.0.0/+8",
                "10.0.0.0/08",
                "10.0.0.0/8/8",
                "10.0.0/8",
                "10.0.0.0.0/8",
                "256.0.0.0/8",
                "10.0.0.01/32",
                "010.0.0.0/8",
                "a.b.c.d/8",
                "10.0.0.0 /8",
                "localhost/32",
                "example.com/24",
                "::/129",
                "2001:db8::/1000",
                ":::/0",
                "1:::2/64",
                "1::2::3/64",
                "12345::/16",
                "1:2:3:4:5:6:7:8:9/128",
                "1:2:3:4:5:6:7/112",
                "1:2:3:4:5:6:7:8::/128",
                "::ffff:1.2.3/128",
                "::1.2.3.4.5/128",
                "1.2.3.4::/64",
                "fe80::1%eth0/128",
                "[::1]/128",
                "g::/16",
                ":1::/16",
                "1::2:/16",
                "10.0.0.0/8 # corp",
            })
    void rejectsInvalidInputWithClearMessage(String input) {
        assertThatThrownBy(() -> Cidr.parse(input))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CIDR range");
    }

    @Test
    void messageSaysWhatIsWrong() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0"))
                .hasMessageContaining("'10.0.0.0'")
                .hasMessageContaining("prefix-length");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/40"))
                .hasMessageContaining("'40'")
                .hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> Cidr.parse("2001:db8::/200")).hasMessageContaining("0 to 128");
        assertThatThrownBy(() -> Cidr.parse("example.com/24"))
                .hasMessageContaining("'example.com' is not an IPv4 or IPv6 address literal");
    }

    @Test
    void veryLongInputIsShortenedInTheMessage() {
        String longInput = "x".repeat(10_000) + "/8";
        assertThatThrownBy(() -> Cidr.parse(longInput))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void parseAddressReadsIpv4AndIpv6Literals() {
        assertThat(Cidr.parseAddress("203.0.113.77")).containsExactly(203, 0, 113, 77);
        assertThat(Cidr.parseAddress("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(Cidr.parseAddress("255.255.255.255")).containsExactly(255, 255, 255, 255);
        byte[] v6 = Cidr.parseAddress("2001:db8:100::7");
        assertThat(v6).hasSize(16);
        assertThat(Cidr.format(v6)).isEqualTo("2001:db8:100::7");
        assertThat(Cidr.parseAddress("::")).hasSize(16).containsOnly(0);
    }

    @Test
    void parseAddressFoldsIpv4MappedIpv6ToIpv4() {
        assertThat(Cidr.parseAddress("::ffff:10.20.1.2")).containsExactly(10, 20, 1, 2);
        assertThat(Cidr.parseAddress("::FFFF:a14:102")).containsExactly(10, 20, 1, 2);
        assertThat(Cidr.parseAddress("0:0:0:0:0:ffff:10.20.1.2")).containsExactly(10, 20, 1, 2);
        // IPv4-compatible (deprecated) and NAT64 addresses are not IPv4-mapped: they stay IPv6.
        assertThat(Cidr.parseAddress("::10.20.1.2")).hasSize(16);
        assertThat(Cidr.parseAddress("64:ff9b::10.20.1.2")).hasSize(16);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(
            strings = {
                "",
                " ",
                " 10.0.0.1",
                "10.0.0.1 ",
                "10.0.0",
                "10.0.0.1.",
                "10.0.0.256",
                "01.2.3.4",
                "1.2.3.-4",
                "1.2.3.4/32",
                "localhost",
                "example.com",
                "::g",
                "1::2::3",
                "fe80::1%eth0",
                "[::1]",
                "1:2:3:4:5:6:7:8:9",
                "::ffff:1.2.3.4.5",
                "１.2.3.4",
            })
    void parseAddressReturnsNullForInvalidLiterals(String ip) {
        assertThat(Cidr.parseAddress(ip)).isNull();
    }

    @Test
    void parseAddressRejectsOverlongInputWithoutScanningIt() {
        assertThat(Cidr.parseAddress("1".repeat(1_000_000))).isNull();
    }

    @Test
    void containsChecksThePrefixBits() {
        Cidr cidr = Cidr.parse("192.0.2.128/25");
        assertThat(cidr.contains("192.0.2.128")).isTrue();
        assertThat(cidr.contains("192.0.2.255")).isTrue();
        assertThat(cidr.contains("192.0.2.127")).isFalse();
        assertThat(cidr.contains("::ffff:192.0.2.200")).isTrue();
        assertThat(cidr.contains("2001:db8::1")).isFalse();
        assertThat(cidr.contains("not an ip")).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains("8.8.8.8")).isTrue();
        assertThat(Cidr.parse("::/0").contains("8.8.8.8")).isFalse();
        assertThat(Cidr.parse("2001:db8:100::/48").contains("2001:db8:100:ffff::1"))
                .isTrue();
        assertThat(Cidr.parse("2001:db8:100::/48").contains("2001:db8:101::1")).isFalse();
    }

    @Test
    void formatsIpv6Canonically() {
        assertThat(Cidr.format(Cidr.parseAddress("2001:db8:0:0:0:0:2:1"))).isEqualTo("2001:db8::2:1");
        assertThat(Cidr.format(Cidr.parseAddress("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(Cidr.format(Cidr.parseAddress("2001:0:0:1:0:0:0:1"))).isEqualTo("2001:0:0:1::1");
        assertThat(Cidr.format(Cidr.parseAddress("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(Cidr.format(Cidr.parseAddress("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(Cidr.format(Cidr.parseAddress("1:0:0:0:0:0:0:0"))).isEqualTo("1::");
        assertThatThrownBy(() -> Cidr.format(new byte[5])).isInstanceOf(IllegalArgumentException.class);
    }
}
