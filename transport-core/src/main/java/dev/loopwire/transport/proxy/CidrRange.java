package dev.loopwire.transport.proxy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * An address range such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a single address
 * ({@code 192.0.2.7}, {@code ::1}). IPv4-mapped IPv6 peers ({@code ::ffff:10.1.2.3}) match IPv4 ranges.
 * Immutable; safe from any thread.
 */
public final class CidrRange {

    private final byte[] network;
    private final int prefixLength;
    private final String text;

    private CidrRange(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
    }

    /**
     * Parses an address or CIDR range. Only literal addresses are accepted (no DNS lookup).
     *
     * @throws IllegalArgumentException naming the bad entry and the expected form
     */
    public static CidrRange parse(String value) {
        String text = value == null ? "" : value.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = literal(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + value + "' is not an IP address or CIDR range; use e.g. "
                    + "10.0.0.0/8, 192.0.2.7 or 2001:db8::/32 (host names are not allowed)");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + value + "' has a bad prefix length; it must be 0 to " + bits);
            }
        }
        return new CidrRange(mask(bytes, prefix), prefix, text);
    }

    /** True when {@code address} lies in this range. */
    public boolean contains(InetAddress address) {
        byte[] bytes = unmapped(address);
        if (bytes.length != network.length) {
            return false;
        }
        return Arrays.equals(mask(bytes, prefixLength), network);
    }

    private static byte[] unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isMappedIpv4(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isMappedIpv4(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            masked[i] &= (byte) (0xff << (8 - keep));
        }
        return masked;
    }

    /**
     * The bytes of an IPv4 or IPv6 literal, or null if it is not one; an IPv4-mapped IPv6 literal gives its
     * 4 IPv4 bytes (a range written so matches IPv4 peers, and its prefix counts IPv4 bits). Parsed by hand
     * ({@link AddressLiteral}): never a name lookup.
     */
    static byte[] literal(String address) {
        byte[] bytes = AddressLiteral.parse(address);
        return bytes != null && bytes.length == 16 && isMappedIpv4(bytes) ? Arrays.copyOfRange(bytes, 12, 16) : bytes;
    }

    @Override
    public String toString() {
        return text;
    }
}
