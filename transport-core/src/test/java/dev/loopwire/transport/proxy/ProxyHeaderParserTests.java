package dev.loopwire.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Hand-built v1 and v2 headers through the parser, and trusted-range matching. */
class ProxyHeaderParserTests {

    @Test
    void whenV1Tcp4ThenSourceAndDestination() throws Exception {
        ProxyHeader header = v1("PROXY TCP4 192.0.2.1 198.51.100.7 56324 7000\r\n");
        assertThat(header.source()).isEqualTo(new InetSocketAddress("192.0.2.1", 56324));
        assertThat(header.destination()).isEqualTo(new InetSocketAddress("198.51.100.7", 7000));
        assertThat(header.version()).isEqualTo(1);
    }

    @Test
    void whenV1Tcp6ThenSource() throws Exception {
        ProxyHeader header = v1("PROXY TCP6 2001:db8::1 2001:db8::2 4000 443\r\n");
        assertThat(header.source()).isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 4000));
    }

    @Test
    void whenV1UnknownThenNoSource() throws Exception {
        assertThat(v1("PROXY UNKNOWN\r\n").source()).isNull();
        assertThat(v1("PROXY UNKNOWN ffff:f...f:ffff ffff:f...f:ffff 65535 65535\r\n").source()).isNull();
    }

    @Test
    void whenV1IsMalformedThenRejectedAsMalformed() {
        for (String bad : new String[] {"PROXY TCP4 192.0.2.256 198.51.100.7 1 2\r\n", "PROXY TCP4 192.0.2.1 198.51.100.7 1\r\n",
                "PROXY TCP4 2001:db8::1 198.51.100.7 1 2\r\n", "PROXY TCP4 192.0.2.1 198.51.100.7 65536 2\r\n",
                "PROXY TCP5 192.0.2.1 198.51.100.7 1 2\r\n", "PROXY TCP4 example.com 198.51.100.7 1 2\r\n",
                "PROXY TCP4 192.0.2.1  198.51.100.7 1 2\r\n"}) {
            assertThatThrownBy(() -> v1(bad)).as(bad).isInstanceOfSatisfying(ProxyProtocolException.class,
                    e -> assertThat(e.reason()).isEqualTo(ProxyRejection.MALFORMED));
        }
    }

    @Test
    void whenV2Tcp4ThenSource() throws Exception {
        byte[] header = ProxyHeaders.v2(0x21, 0x11, new byte[] {(byte) 192, 0, 2, 9, 10, 0, 0, 1, 0x1F, 0x40, 0x1B, 0x58});
        ProxyHeader parsed = ProxyHeaderParser.parseV2(header, header.length);
        assertThat(parsed.source()).isEqualTo(new InetSocketAddress("192.0.2.9", 8000));
        assertThat(parsed.destination()).isEqualTo(new InetSocketAddress("10.0.0.1", 7000));
    }

    @Test
    void whenV2Tcp6WithTlvsThenSource() throws Exception {
        byte[] header = ProxyHeaders.v2Tcp6("2001:db8::7", 5555, "2001:db8::1", 443, new byte[] {0x04, 0x00, 0x01, 0x00});
        ProxyHeader parsed = ProxyHeaderParser.parseV2(header, header.length);
        assertThat(parsed.source()).isEqualTo(new InetSocketAddress(InetAddress.getByName("2001:db8::7"), 5555));
    }

    @Test
    void whenV2LocalOrUnspecThenNoSource() throws Exception {
        byte[] local = ProxyHeaders.v2(0x20, 0x00, new byte[0]);
        assertThat(ProxyHeaderParser.parseV2(local, local.length).source()).isNull();
        byte[] unspec = ProxyHeaders.v2(0x21, 0x00, new byte[0]);
        assertThat(ProxyHeaderParser.parseV2(unspec, unspec.length).source()).isNull();
    }

    @Test
    void whenV2IsBadThenRejected() {
        byte[] wrongVersion = ProxyHeaders.v2(0x31, 0x11, new byte[12]);
        assertThatThrownBy(() -> ProxyHeaderParser.parseV2(wrongVersion, wrongVersion.length))
                .isInstanceOfSatisfying(ProxyProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProxyRejection.MALFORMED));
        byte[] shortTcp4 = ProxyHeaders.v2(0x21, 0x11, new byte[8]);
        assertThatThrownBy(() -> ProxyHeaderParser.parseV2(shortTcp4, shortTcp4.length))
                .isInstanceOfSatisfying(ProxyProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProxyRejection.MALFORMED));
        byte[] huge = ProxyHeaders.v2(0x21, 0x11, new byte[ProxyHeaderParser.V2_MAX_LENGTH]);
        assertThatThrownBy(() -> ProxyHeaderParser.v2Length(huge))
                .isInstanceOfSatisfying(ProxyProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProxyRejection.TOO_LONG));
    }

    @Test
    void whenV1Tcp6HasIpv4MappedAddressesThenAcceptedAndReportedAsTheHeaderGivesThem() throws Exception {
        // issue 20, item 3: HAProxy sends this form; it used to be refused because the addresses became IPv4
        ProxyHeader header = v1("PROXY TCP6 ::ffff:198.18.0.2 ::ffff:127.0.0.1 20001 7000\r\n");
        assertThat(header.source().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(header.source().getAddress().getAddress())
                .isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 198, 18, 0, 2});
        assertThat(header.source().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:ffff:c612:2");
        assertThat(header.source().getPort()).isEqualTo(20001);
        assertThat(header.destination().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(header.destination().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:ffff:7f00:1");
        assertThat(header.destination().getPort()).isEqualTo(7000);
        // a trusted-proxy range written as IPv4 still matches such an address
        assertThat(CidrRange.parse("198.18.0.0/15").contains(header.source().getAddress())).isTrue();
    }

    @Test
    void whenV1AddressIsNotALiteralThenMalformedWithoutALookup() {
        // issue 20, item 5: ".a1:b" reached InetAddress.getByName, which asks the system resolver
        for (String bad : new String[] {"PROXY TCP6 .a1:b ::1 1 2\r\n", "PROXY TCP6 ::1 .a1:b 1 2\r\n",
                "PROXY TCP4 .1.2.3 198.51.100.7 1 2\r\n", "PROXY TCP4 1.2.3 198.51.100.7 1 2\r\n",
                "PROXY TCP4 1.2.3.4. 198.51.100.7 1 2\r\n", "PROXY TCP4 0x7f.0.0.1 198.51.100.7 1 2\r\n",
                "PROXY TCP4 1.2.3.0004 198.51.100.7 1 2\r\n", "PROXY TCP6 ::ffff:198.18.0.2 127.0.0.1 1 2\r\n",
                "PROXY TCP4 ::ffff:198.18.0.2 198.51.100.7 1 2\r\n", "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n",
                "PROXY TCP6 [::1] ::1 1 2\r\n", "PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n",
                "PROXY TCP6 1::2::3 ::1 1 2\r\n", "PROXY TCP6 12345:: ::1 1 2\r\n", "PROXY TCP6 ::1: ::1 1 2\r\n",
                "PROXY TCP6 :1 ::1 1 2\r\n", "PROXY TCP6 1:2:3:4:5:6:7::8 ::1 1 2\r\n",
                "PROXY TCP6 ::ffff:1.2.3.4.5 ::1 1 2\r\n", "PROXY TCP6 ::1.2.3.4:1 ::1 1 2\r\n",
                "PROXY TCP6 a.b:c ::1 1 2\r\n", "PROXY TCP6 ::\uff11 ::1 1 2\r\n"}) {
            assertThatThrownBy(() -> v1(bad)).as(bad).isInstanceOfSatisfying(ProxyProtocolException.class,
                    e -> assertThat(e.reason()).isEqualTo(ProxyRejection.MALFORMED));
        }
    }

    @Test
    void whenV2FamilyIsUnassignedThenRejectedAsUnknownFamily() throws Exception {
        // issue 20, item 4: family 0xFF used to be taken, keeping the real address
        byte[] ff = ProxyHeaders.v2(0x21, 0xFF, new byte[12]);
        assertThatThrownBy(() -> ProxyHeaderParser.parseV2(ff, ff.length)).isInstanceOfSatisfying(
                ProxyProtocolException.class, e -> assertThat(e.reason()).isEqualTo(ProxyRejection.UNKNOWN_FAMILY));
        java.util.Set<Integer> assigned = java.util.Set.of(0x00, 0x11, 0x12, 0x21, 0x22, 0x31, 0x32);
        for (int family = 0; family < 256; family++) {
            byte[] header = ProxyHeaders.v2(0x21, family, new byte[216]);
            if (assigned.contains(family)) {
                assertThat(ProxyHeaderParser.parseV2(header, header.length).version()).isEqualTo(2);
            } else {
                int f = family;
                assertThatThrownBy(() -> ProxyHeaderParser.parseV2(header, header.length)).as("family 0x%02X", f)
                        .isInstanceOfSatisfying(ProxyProtocolException.class,
                                e -> assertThat(e.reason()).isEqualTo(ProxyRejection.UNKNOWN_FAMILY));
            }
            byte[] local = ProxyHeaders.v2(0x20, family, new byte[0]); // LOCAL: the family is ignored (spec)
            assertThat(ProxyHeaderParser.parseV2(local, local.length).source()).isNull();
        }
    }

    @Test
    void whenV2Tcp6HasAnIpv4MappedAddressThenItStaysIpv6() throws Exception {
        byte[] header = ProxyHeaders.v2Tcp6("::ffff:198.18.0.2", 20001, "::1", 7000, new byte[0]);
        ProxyHeader parsed = ProxyHeaderParser.parseV2(header, header.length);
        assertThat(parsed.source().getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(parsed.source().getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:ffff:c612:2");
    }

    @Test
    void whenCidrRangesThenMatchingIsByPrefix() throws Exception {
        assertThat(CidrRange.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.3.4"))).isTrue();
        assertThat(CidrRange.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(CidrRange.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.8"))).isFalse();
        assertThat(CidrRange.parse("127.0.0.1").contains(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
        assertThat(CidrRange.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(CidrRange.parse("2001:db8::/32").contains(InetAddress.getByName("10.0.0.1"))).isFalse();
        assertThatThrownBy(() -> CidrRange.parse("lb.example.com")).hasMessageContaining("host names are not allowed");
        assertThatThrownBy(() -> CidrRange.parse(".a1:b")).hasMessageContaining("host names are not allowed");
        assertThat(CidrRange.parse("::ffff:10.0.0.0/8").contains(InetAddress.getByName("10.9.8.7"))).isTrue();
        assertThatThrownBy(() -> CidrRange.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> ProxyProtocolConfig.of(ProxyProtocolMode.REQUIRED, java.util.List.of(),
                ProxyProtocolConfig.DEFAULT_HEADER_TIMEOUT)).hasMessageContaining("no trusted proxies");
    }

    private static ProxyHeader v1(String text) throws ProxyProtocolException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return ProxyHeaderParser.parseV1(bytes, bytes.length);
    }
}
