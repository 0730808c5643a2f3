package dev.loopwire.transport.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written IP literal parser against the forms RFC 4291 allows, and against the JDK's own literal
 * parser (used here only on text that starts with a hex digit or ':', which the JDK never looks up).
 */
class AddressLiteralTests {

    @Test
    void whenTextIsAnIpv4LiteralThenItsFourBytes() {
        assertThat(AddressLiteral.parse("192.0.2.1")).containsExactly(192, 0, 2, 1);
        assertThat(AddressLiteral.parse("0.0.0.0")).containsExactly(0, 0, 0, 0);
        assertThat(AddressLiteral.parse("255.255.255.255")).containsExactly(255, 255, 255, 255);
        for (String bad : new String[] {"", ".", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "1.2.3.4.", ".1.2.3.4",
                "1.2.3.-4", "1.2.3.4 ", "a.b.c.d", "1.2.3.0004", "\uff11.2.3.4"}) {
            assertThat(AddressLiteral.parse(bad)).as("'%s'", bad).isNull();
        }
    }

    @Test
    void whenTextIsAnIpv6LiteralThenItsSixteenBytes() throws Exception {
        for (String good : new String[] {"::", "::1", "1::", "2001:db8::1", "2001:DB8:0:0:8:800:200C:417A",
                "ff01::101", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8", "::ffff:198.18.0.2",
                "::ffff:127.0.0.1", "64:ff9b::192.0.2.33", "0:0:0:0:0:ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4"}) {
            assertThat(AddressLiteral.parse(good)).as(good).isEqualTo(jdkBytes(good));
        }
        for (String bad : new String[] {":", ":::", "1:::2", "1::2::3", ":1", "1:", "::1:", "12345::", "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7::8", "::1.2.3", "::1.2.3.4:5", "1.2.3.4::", "::ffff:256.0.0.1", "fe80::1%eth0", "[::1]",
                ".a1:b", "a.b:c", "::g", ":: 1", "1:2:3:4:5:6:7:1.2.3.4", "::\uff11"}) {
            assertThat(AddressLiteral.parse(bad)).as("'%s'", bad).isNull();
        }
    }

    @Test
    void whenRandomAddressesAreWrittenInEveryFormThenEachParsesBack() {
        Random random = new Random(20);
        for (int n = 0; n < 5000; n++) {
            byte[] address = new byte[16];
            for (int i = 0; i < 16; i += 2) {
                int kind = random.nextInt(3); // zero groups often, so "::" has runs to compress
                int group = kind == 0 ? 0 : kind == 1 ? random.nextInt(16) : random.nextInt(65536);
                address[i] = (byte) (group >> 8);
                address[i + 1] = (byte) group;
            }
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = (address[2 * i] & 0xff) << 8 | address[2 * i + 1] & 0xff;
            }
            for (String text : forms(groups, address)) {
                assertThat(AddressLiteral.ipv6(text)).as(text).isEqualTo(address);
            }
        }
    }

    /** The full form, every "::" compression of a zero run, and the IPv4-tail variants. */
    private static java.util.List<String> forms(int[] groups, byte[] address) {
        java.util.List<String> forms = new java.util.ArrayList<>();
        forms.add(join(groups, 0, 8, false));
        forms.add(join(groups, 0, 6, false) + ":" + ipv4Tail(address));
        for (int from = 0; from < 8; from++) {
            for (int to = from + 1; to <= 8 && groups[to - 1] == 0; to++) {
                String head = join(groups, 0, from, true);
                forms.add(head + "::" + join(groups, to, 8, random(to)));
                if (to <= 6) {
                    String middle = join(groups, to, 6, false);
                    forms.add(head + "::" + middle + (middle.isEmpty() ? "" : ":") + ipv4Tail(address));
                }
            }
        }
        return forms;
    }

    private static boolean random(int seed) {
        return seed % 2 == 0;
    }

    private static String join(int[] groups, int from, int to, boolean upper) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (i > from) {
                text.append(':');
            }
            String hex = Integer.toHexString(groups[i]);
            text.append(upper ? hex.toUpperCase(java.util.Locale.ROOT) : hex);
        }
        return text.toString();
    }

    private static String ipv4Tail(byte[] address) {
        return (address[12] & 0xff) + "." + (address[13] & 0xff) + "." + (address[14] & 0xff) + "." + (address[15] & 0xff);
    }

    /** The JDK's bytes for a literal, as 16 bytes even when the JDK turns an IPv4-mapped one into IPv4. */
    private static byte[] jdkBytes(String literal) throws Exception {
        InetAddress parsed = InetAddress.getByName(literal); // starts with a hex digit or ':': a literal, no lookup
        byte[] bytes = parsed.getAddress();
        if (parsed instanceof Inet6Address) {
            return bytes;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }
}
