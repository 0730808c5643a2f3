package dev.loopwire.transport.proxy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Parses complete HAProxy PROXY protocol headers, version 1 (text) and 2 (binary). Stateless.
 *
 * <pre>
 * v1: "PROXY TCP4 192.0.2.1 198.51.100.7 56324 7000\r\n"     at most 107 bytes with CRLF
 *     "PROXY TCP6 2001:db8::1 2001:db8::2 56324 7000\r\n"
 *     "PROXY TCP6 ::ffff:198.18.0.2 ::ffff:127.0.0.1 20001 7000\r\n"   IPv4-mapped: stays IPv6
 *     "PROXY UNKNOWN[ anything]\r\n"                            keeps the real peer address
 * v2: 12-byte signature | ver/cmd | family/transport | length (2, big-endian) | addresses | TLVs
 *     cmd 0x0 LOCAL (keep the real address, family ignored), 0x1 PROXY; family 0x11 TCP4 (12 address
 *     bytes), 0x21 TCP6 (36); 0x00 UNSPEC, 0x12/0x22 UDP and 0x31/0x32 unix keep the real address;
 *     any other family byte is refused ({@link ProxyRejection#UNKNOWN_FAMILY}); TLVs are skipped
 * </pre>
 *
 * <p>Addresses are parsed by hand ({@link AddressLiteral}), never through a name lookup, and reported as
 * the header gives them: a TCP6 address is an {@link Inet6Address} even when it is IPv4-mapped
 * ({@code ::ffff:198.18.0.2} reads back as {@code 0:0:0:0:0:ffff:c612:2}); trust checks still match
 * it against IPv4 ranges.
 */
public final class ProxyHeaderParser {

    /** The longest v1 header, CRLF included (spec: 107). */
    public static final int V1_MAX_LENGTH = 107;
    /** The v2 fixed part: signature, ver/cmd, family, length. */
    public static final int V2_FIXED_LENGTH = 16;
    /** The longest v2 header accepted, TLVs included. */
    public static final int V2_MAX_LENGTH = V2_FIXED_LENGTH + 2048;
    /** "PROXY " */
    static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** the v2 signature */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaderParser() {
    }

    /** Parses a v1 header of {@code length} bytes ending with CRLF. */
    public static ProxyHeader parseV1(byte[] header, int length) throws ProxyProtocolException {
        if (length > V1_MAX_LENGTH) {
            throw new ProxyProtocolException(ProxyRejection.TOO_LONG, "v1 header longer than " + V1_MAX_LENGTH + " bytes");
        }
        if (length < 8 || header[length - 2] != '\r' || header[length - 1] != '\n') {
            throw malformed("v1 header does not end with CRLF");
        }
        String line = new String(header, 0, length - 2, StandardCharsets.US_ASCII);
        String[] parts = line.split(" ", -1);
        if (!parts[0].equals("PROXY") || parts.length < 2) {
            throw malformed("v1 header does not start with 'PROXY '");
        }
        if (parts[1].equals("UNKNOWN")) {
            return new ProxyHeader(null, null, 1, length);
        }
        boolean ipv4 = parts[1].equals("TCP4");
        if (!ipv4 && !parts[1].equals("TCP6") || parts.length != 6) {
            throw malformed("v1 header must be 'PROXY TCP4|TCP6 src dst srcport dstport' or 'PROXY UNKNOWN'");
        }
        byte[] src = ipv4 ? AddressLiteral.ipv4(parts[2]) : AddressLiteral.ipv6(parts[2]);
        byte[] dst = ipv4 ? AddressLiteral.ipv4(parts[3]) : AddressLiteral.ipv6(parts[3]);
        if (src == null || dst == null) {
            throw malformed("v1 header has an address that is not " + (ipv4 ? "an IPv4" : "an IPv6") + " literal");
        }
        return new ProxyHeader(address(src, port(parts[4])), address(dst, port(parts[5])), 1, length);
    }

    /** Parses a complete v2 header: {@code header[0..16+len)} where len is the header's length field. */
    public static ProxyHeader parseV2(byte[] header, int length) throws ProxyProtocolException {
        int versionCommand = header[12] & 0xff;
        if (versionCommand >> 4 != 2) {
            throw malformed("v2 header has version " + (versionCommand >> 4));
        }
        int command = versionCommand & 0x0f;
        if (command == 0x0) {
            return new ProxyHeader(null, null, 2, length); // LOCAL: the proxy's own connection
        }
        if (command != 0x1) {
            throw malformed("v2 header has unknown command " + command);
        }
        int family = header[13] & 0xff;
        int addressLength = length - V2_FIXED_LENGTH;
        switch (family) {
            case 0x11 -> {
                require(addressLength >= 12, "TCP4 needs 12 address bytes");
                return new ProxyHeader(address(slice(header, 16, 4), u16(header, 24)),
                        address(slice(header, 20, 4), u16(header, 26)), 2, length);
            }
            case 0x21 -> {
                require(addressLength >= 36, "TCP6 needs 36 address bytes");
                return new ProxyHeader(address(slice(header, 16, 16), u16(header, 48)),
                        address(slice(header, 32, 16), u16(header, 50)), 2, length);
            }
            case 0x00, 0x12, 0x22, 0x31, 0x32 -> {
                // UNSPEC, UDP over IPv4/IPv6, unix stream/datagram: assigned, but nothing this server uses
            }
            default -> throw new ProxyProtocolException(ProxyRejection.UNKNOWN_FAMILY, String.format(
                    "v2 header has the unassigned address family/protocol byte 0x%02X", family));
        }
        return new ProxyHeader(null, null, 2, length); // UNSPEC, UDP, unix: keep the real address
    }

    /** The v2 header's total length from its fixed part, checked against {@link #V2_MAX_LENGTH}. */
    public static int v2Length(byte[] fixed) throws ProxyProtocolException {
        int length = V2_FIXED_LENGTH + u16(fixed, 14);
        if (length > V2_MAX_LENGTH) {
            throw new ProxyProtocolException(ProxyRejection.TOO_LONG, "v2 header of " + length
                    + " bytes is longer than " + V2_MAX_LENGTH);
        }
        return length;
    }

    private static int port(String text) throws ProxyProtocolException {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed("v1 header has a bad port '" + text + "'");
        }
        int port = Integer.parseInt(text);
        require(port <= 65535, "port above 65535");
        return port;
    }

    /**
     * The address as the header gives it: 4 bytes an {@link Inet4Address}, 16 bytes an {@link Inet6Address}
     * even when IPv4-mapped ({@code InetAddress.getByAddress} would turn those into IPv4). No lookup either way.
     */
    private static InetSocketAddress address(byte[] bytes, int port) throws ProxyProtocolException {
        try {
            InetAddress address = bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1)
                    : InetAddress.getByAddress(bytes);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw malformed("bad address length");
        }
    }

    private static byte[] slice(byte[] source, int from, int count) {
        return java.util.Arrays.copyOfRange(source, from, from + count);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | b[at + 1] & 0xff;
    }

    private static void require(boolean condition, String message) throws ProxyProtocolException {
        if (!condition) {
            throw malformed(message);
        }
    }

    private static ProxyProtocolException malformed(String message) {
        return new ProxyProtocolException(ProxyRejection.MALFORMED, message);
    }
}
