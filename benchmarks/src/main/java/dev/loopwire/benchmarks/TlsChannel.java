package dev.loopwire.benchmarks;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;

/**
 * The load generator's TLS: an {@link SSLEngine} over one socket. The handshake runs blocking right
 * after connect (before the measurement); then {@link #read} and {@link #write} work on the
 * non-blocking channel like {@code SocketChannel.read/write}, on the owning {@link ClientLoop} thread.
 *
 * <p>Decrypted bytes go to a buffer sized for everything a connection can have in flight (depth x frame
 * plus a record), so a read always hands all of it to the caller: nothing can wait here for a
 * readiness event that will not come. Not thread-safe.
 */
final class TlsChannel {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** received records not yet unwrapped (write mode) */
    private final ByteBuffer netIn;
    /** records not yet written (read mode) */
    private final ByteBuffer netOut;
    /** decrypted bytes not yet handed out (write mode) */
    private final ByteBuffer appIn;

    private TlsChannel(SocketChannel channel, SSLEngine engine, int inFlightBytes) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(Math.max(2 * packet, inFlightBytes + packet));
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(inFlightBytes + 2 * engine.getSession().getApplicationBufferSize());
    }

    /**
     * Runs the handshake on a connected, blocking channel.
     *
     * @param inFlightBytes the most plaintext the peer can send before this side reads (depth x frame)
     */
    static TlsChannel handshake(SocketChannel blocking, SSLEngine engine, int inFlightBytes) throws IOException {
        TlsChannel tls = new TlsChannel(blocking, engine, inFlightBytes);
        engine.beginHandshake();
        while (true) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks(engine);
            } else if (status == HandshakeStatus.NEED_WRAP) {
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(EMPTY, out);
                out.flip();
                while (out.hasRemaining()) {
                    blocking.write(out);
                }
            } else if (status == HandshakeStatus.NEED_UNWRAP) {
                tls.netIn.flip();
                SSLEngineResult result = engine.unwrap(tls.netIn, tls.appIn);
                tls.netIn.compact();
                if (result.getStatus() == Status.BUFFER_UNDERFLOW && blocking.read(tls.netIn) < 0) {
                    throw new EOFException("peer closed the connection during the TLS handshake");
                }
            } else {
                return tls;
            }
        }
    }

    /** Reads and decrypts what is available into {@code dst}; -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        int n = channel.read(netIn);
        netIn.flip();
        try {
            while (netIn.hasRemaining()) {
                SSLEngineResult result = engine.unwrap(netIn, appIn);
                if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks(engine); // TLS 1.3 session tickets
                }
                if (result.getStatus() == Status.CLOSED) {
                    n = -1;
                    break;
                }
                if (result.getStatus() != Status.OK || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    break;
                }
            }
        } finally {
            netIn.compact();
        }
        appIn.flip();
        int moved = Math.min(appIn.remaining(), dst.remaining());
        ByteBuffer slice = appIn.slice();
        slice.limit(moved);
        dst.put(slice);
        appIn.position(appIn.position() + moved);
        appIn.compact();
        return moved == 0 && n < 0 ? -1 : moved;
    }

    /** Encrypts and writes from {@code src}; returns the plaintext bytes taken. */
    int write(ByteBuffer src) throws IOException {
        int taken = 0;
        while (true) {
            if (netOut.hasRemaining()) {
                channel.write(netOut);
                if (netOut.hasRemaining()) {
                    return taken;
                }
            }
            if (!src.hasRemaining()) {
                return taken;
            }
            netOut.clear();
            SSLEngineResult result = engine.wrap(src, netOut);
            netOut.flip();
            taken += result.bytesConsumed();
            if (result.getStatus() != Status.OK) {
                throw new IOException("TLS wrap failed: " + result);
            }
        }
    }

    /** True while encrypted bytes wait for the socket. */
    boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    private static void runTasks(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
