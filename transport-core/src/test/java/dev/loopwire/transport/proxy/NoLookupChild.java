package dev.loopwire.transport.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM started with {@code -Djdk.net.hosts.file} naming a hosts file in which the host name
 * {@code .a1:b} resolves to 2001:db8::99. Prints what the JDK's resolver makes of that name (so the caller
 * sees the seam works), then what the PROXY parser and the trusted-range parser make of it: if they asked
 * the resolver, they would get that address.
 */
public final class NoLookupChild {

    /** the name the hosts file maps; it starts with '.' and contains ':' (issue 20, item 5) */
    static final String NAME = ".a1:b";
    /** the address the hosts file gives it */
    static final String ADDRESS = "2001:db8::99";

    private NoLookupChild() {
    }

    public static void main(String[] args) {
        try {
            System.out.println("resolver " + InetAddress.getByName(NAME).getHostAddress());
        } catch (UnknownHostException e) {
            System.out.println("resolver failed " + e.getMessage());
        }
        byte[] header = ("PROXY TCP6 " + NAME + " ::1 1 2\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            System.out.println("header accepted " + ProxyHeaderParser.parseV1(header, header.length).source());
        } catch (ProxyProtocolException e) {
            System.out.println("header rejected " + e.reason().tag());
        }
        System.out.println("range " + (CidrRange.literal(NAME) == null ? "none" : "resolved"));
    }
}
