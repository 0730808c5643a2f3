package dev.loopwire.transport.proxy;

/**
 * Turns IP address text into its bytes by hand, so no input can ever reach a name resolver (the JDK's
 * {@code InetAddress.getByName} falls back to a DNS lookup for text that is not a literal, e.g. one
 * starting with {@code .} and containing {@code :}). Stateless; safe from any thread.
 *
 * <pre>
 * IPv4: four decimal parts 0-255 of one to three digits        192.0.2.1
 * IPv6: eight groups of one to four hex digits, at most one    2001:db8::1, ::1, ::
 *       "::" for one or more zero groups, and optionally the   ::ffff:198.18.0.2
 *       last 32 bits as an IPv4 part                           64:ff9b::192.0.2.33
 * </pre>
 *
 * No zone ids ({@code %eth0}), brackets, or short IPv4 forms ({@code 10.1}). An IPv4-mapped IPv6 text
 * stays 16 bytes: the caller decides whether it matters that it is mapped.
 */
final class AddressLiteral {

    /** the longest IPv6 text: eight full groups, or six and an IPv4 part */
    private static final int MAX_IPV6_LENGTH = 45;

    private AddressLiteral() {
    }

    /** The 4 or 16 bytes of {@code text} (IPv6 if it contains ':', else IPv4), or null if it is not a literal. */
    static byte[] parse(String text) {
        return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
    }

    /** The 4 bytes of a dotted-quad IPv4 literal, or null. */
    static byte[] ipv4(String text) {
        byte[] bytes = new byte[4];
        return ipv4Into(text, 0, text.length(), bytes, 0) ? bytes : null;
    }

    /** The 16 bytes of an IPv6 literal, or null. */
    static byte[] ipv6(String text) {
        int length = text.length();
        if (length < 2 || length > MAX_IPV6_LENGTH) {
            return null;
        }
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null; // "::" at most once
        }
        byte[] head = new byte[16];
        byte[] tail = new byte[16];
        int headBytes = gap == 0 ? 0 : groups(text, 0, gap < 0 ? length : gap, head, gap < 0);
        int tailBytes = gap < 0 || gap + 2 == length ? 0 : groups(text, gap + 2, length, tail, true);
        if (headBytes < 0 || tailBytes < 0) {
            return null;
        }
        if (gap < 0 ? headBytes != 16 : headBytes + tailBytes > 14) {
            return null; // without "::" all 8 groups; with it, it stands for at least one zero group
        }
        byte[] address = new byte[16];
        System.arraycopy(head, 0, address, 0, headBytes);
        System.arraycopy(tail, 0, address, 16 - tailBytes, tailBytes);
        return address;
    }

    /**
     * Parses colon-separated hex groups of {@code text[from, to)} into {@code out}; the last may be an IPv4
     * part when {@code lastMayBeIpv4}. Returns the bytes written, or -1 if malformed.
     */
    private static int groups(String text, int from, int to, byte[] out, boolean lastMayBeIpv4) {
        int written = 0;
        int start = from;
        while (true) {
            int colon = text.indexOf(':', start);
            int end = colon < 0 || colon >= to ? to : colon;
            boolean last = end == to;
            if (written == 16) {
                return -1;
            }
            if (last && lastMayBeIpv4 && text.indexOf('.', start) >= 0 && text.indexOf('.', start) < to) {
                if (written > 12 || !ipv4Into(text, start, end, out, written)) {
                    return -1;
                }
                return written + 4;
            }
            int value = hexGroup(text, start, end);
            if (value < 0) {
                return -1;
            }
            out[written++] = (byte) (value >> 8);
            out[written++] = (byte) value;
            if (last) {
                return written;
            }
            start = end + 1;
        }
    }

    /** One to four hex digits, or -1. */
    private static int hexGroup(String text, int from, int to) {
        if (to - from < 1 || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = Character.digit(text.charAt(i), 16);
            if (digit < 0 || text.charAt(i) > 'f') { // Character.digit also takes non-ASCII digits
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Parses a dotted quad of {@code text[from, to)} into {@code out[at, at + 4)}; false if malformed. */
    private static boolean ipv4Into(String text, int from, int to, byte[] out, int at) {
        int part = 0;
        int digits = 0;
        int value = 0;
        for (int i = from; i <= to; i++) {
            char c = i == to ? '.' : text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 4) {
                    return false;
                }
                out[at + part++] = (byte) value;
                digits = 0;
                value = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
                if (value > 255) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return part == 4;
    }
}
