package dev.loopwire.transport.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * The encrypted bytes of one connection that the socket did not take yet (or handshake records made
 * while unwrapping). Empty most of the time, so it holds no buffer then. Loop thread only.
 */
final class PendingOutput {

    /** the bytes, in read mode, or null when empty */
    private ByteBuffer bytes;

    /** Copies the remaining bytes of {@code out} (read mode) after what is already pending. */
    void keep(ByteBuffer out) {
        if (!out.hasRemaining()) {
            return;
        }
        if (bytes == null) {
            bytes = ByteBuffer.allocate(out.remaining()).put(out).flip();
        } else {
            bytes = ByteBuffer.allocate(bytes.remaining() + out.remaining()).put(bytes).put(out).flip();
        }
    }

    /** Writes what the socket takes; returns the byte count. */
    long writeTo(GatheringByteChannel channel) throws IOException {
        if (bytes == null) {
            return 0;
        }
        long written = channel.write(bytes);
        if (!bytes.hasRemaining()) {
            bytes = null;
        }
        return written;
    }

    boolean isEmpty() {
        return bytes == null;
    }

    void clear() {
        bytes = null;
    }
}
