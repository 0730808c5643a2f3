package dev.loopwire.transport.proxy;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/** Hand-built PROXY protocol v2 headers for tests. */
public final class ProxyHeaders {

    private ProxyHeaders() {
    }

    /** A v2 header: signature, {@code versionCommand}, {@code family}, length, then {@code body}. */
    public static byte[] v2(int versionCommand, int family, byte[] body) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + body.length);
        buffer.put(ProxyHeaderParser.V2_SIGNATURE).put((byte) versionCommand).put((byte) family)
                .putShort((short) body.length).put(body);
        return buffer.array();
    }

    /** The 16 bytes of an IPv6 literal; the JDK gives 4 for an IPv4-mapped one, which are mapped back. */
    private static byte[] sixteenBytes(String literal) throws java.io.IOException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    /** A v2 PROXY TCP6 header with {@code tlvs} after the addresses. */
    public static byte[] v2Tcp6(String source, int sourcePort, String destination, int destinationPort, byte[] tlvs) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(sixteenBytes(source));
            body.write(sixteenBytes(destination));
            body.write(new byte[] {(byte) (sourcePort >> 8), (byte) sourcePort, (byte) (destinationPort >> 8),
                    (byte) destinationPort});
            body.write(tlvs);
            return v2(0x21, 0x21, body.toByteArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
