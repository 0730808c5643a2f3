package dev.loopwire.transport.tls;

import java.nio.ByteBuffer;

/**
 * Per-thread scratch buffers for TLS: one for decrypted plaintext (handed to the decoder, which
 * consumes it or copies a partial frame) and one for encrypted output (written to the socket at once;
 * a connection copies only what the socket did not take). So an idle TLS connection holds no buffers.
 * Each loop thread has its own; nothing keeps them across calls. Loop thread only.
 */
final class TlsBuffers {

    private static final ThreadLocal<TlsBuffers> PER_THREAD = ThreadLocal.withInitial(TlsBuffers::new);

    private ByteBuffer plaintext = ByteBuffer.allocate(0);
    private ByteBuffer network = ByteBuffer.allocate(0);

    private TlsBuffers() {
    }

    static TlsBuffers get() {
        return PER_THREAD.get();
    }

    /** The plaintext buffer, cleared, at least {@code size} bytes. */
    ByteBuffer plaintext(int size) {
        if (plaintext.capacity() < size) {
            plaintext = ByteBuffer.allocate(size);
        }
        plaintext.clear();
        return plaintext;
    }

    /**
     * Appends {@code more} to {@code target} (write mode), growing it (at least doubling) when needed;
     * returns the buffer now holding both, in write mode.
     */
    static ByteBuffer append(ByteBuffer target, ByteBuffer more) {
        if (target.remaining() < more.remaining()) {
            ByteBuffer grown = ByteBuffer.allocate(Math.max(target.position() + more.remaining(), target.capacity() * 2));
            target.flip();
            target = grown.put(target);
        }
        return target.put(more);
    }

    /** The network output buffer, cleared, at least {@code size} bytes. */
    ByteBuffer network(int size) {
        if (network.capacity() < size) {
            network = ByteBuffer.allocateDirect(size);
        }
        network.clear();
        return network;
    }
}
