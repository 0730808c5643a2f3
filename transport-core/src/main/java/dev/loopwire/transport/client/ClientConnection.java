package dev.loopwire.transport.client;

import dev.loopwire.transport.codec.FrameDecodingException;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.tls.TlsSession;
import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLSession;

/**
 * The client end of a connection made by {@link TcpClient}: each {@link #request(byte[])} gets the next
 * reply frame, in order, so requests may be pipelined. All public methods are safe from any thread.
 */
public final class ClientConnection implements InboundHandler, AutoCloseable {

    /** futures of requests sent and not yet answered, oldest first */
    private final Queue<CompletableFuture<byte[]>> pending = new ConcurrentLinkedQueue<>();
    /** frames that arrived with no request waiting (server pushes); counted for tests and diagnostics */
    private volatile long unsolicitedFrames;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private NioConnection connection;
    /** set while the connection is made (before {@link TcpClient} returns it), never changed afterwards */
    private TlsSession tls;

    /** the server's greeting, when one is expected (the first entry of {@link #pending}); else null */
    private final CompletableFuture<byte[]> greeting;

    ClientConnection(boolean expectGreeting) {
        greeting = expectGreeting ? new CompletableFuture<>() : null;
        if (greeting != null) {
            pending.add(greeting); // before registration: the first frame read answers it
        }
    }

    /**
     * The server's greeting: the first frame it sends before any reply. Only for connections made with
     * {@link TcpClient#connectExpectingGreeting}; it fails if the connection closes first. Safe from any thread.
     *
     * @throws IllegalStateException if the connection was not made expecting a greeting
     */
    public CompletableFuture<byte[]> greeting() {
        if (greeting == null) {
            throw new IllegalStateException("connection " + connection.id() + " was not made expecting a greeting; "
                    + "connect with TcpClient.connectExpectingGreeting");
        }
        return greeting;
    }

    void attach(NioConnection nioConnection) {
        this.connection = nioConnection;
    }

    TlsSession attachTls(TlsSession session) {
        this.tls = session;
        return session;
    }

    /**
     * The TLS layer this connection was made with, or null for plaintext. Safe from any thread (the
     * connection's {@link NioConnection#transportLayer()} is loop thread only).
     */
    public TlsSession tlsSession() {
        return tls;
    }

    /**
     * Sends one frame and returns the future of the reply frame that answers it. Requests sent by any
     * threads are answered in the order they were queued. The future fails if the connection closes first.
     */
    public CompletableFuture<byte[]> request(byte[] frame) {
        CompletableFuture<byte[]> reply = new CompletableFuture<>();
        synchronized (this) { // queue order and write order must agree
            if (connection.isClosed()) {
                reply.completeExceptionally(new IOException("connection " + connection.id() + " is closed"));
                return reply;
            }
            pending.add(reply);
            connection.enqueuePayload(frame);
        }
        connection.requestFlush();
        return reply;
    }

    /**
     * Sends raw frames without waiting for replies (e.g. to test a server's handling of pipelined input);
     * their replies then answer later {@link #request} futures in order, so use either style per connection.
     */
    public void sendFrame(byte[] frame) {
        connection.send(frame);
    }

    /** The underlying connection (addresses, id, attributes). */
    public NioConnection connection() {
        return connection;
    }

    /**
     * Completes with the TLS session when the handshake finishes (exceptionally if it fails or the
     * connection closes first); completes with null at once for a plaintext connection.
     */
    public CompletableFuture<SSLSession> handshake() {
        TlsSession session = tls;
        return session != null ? session.handshakeFuture() : CompletableFuture.completedFuture(null);
    }

    /** Requests sent and not yet answered. */
    public int pendingRequests() {
        return pending.size();
    }

    /** Frames received when no request was waiting. */
    public long unsolicitedFrames() {
        return unsolicitedFrames;
    }

    /** True until the connection closes. */
    public boolean isOpen() {
        return connection.isOpen();
    }

    /** Completes when the connection has closed (by either side). */
    public CompletableFuture<Void> closeFuture() {
        return closed;
    }

    /** Closes gracefully (queued requests are written first) and returns the close future. */
    public CompletableFuture<Void> closeGracefully() {
        connection.close();
        return closed;
    }

    @Override
    public void close() {
        closeGracefully().join();
    }

    // ------------------------------------------------------------ InboundHandler (loop thread)

    @Override
    public void onFrame(byte[] frame) {
        CompletableFuture<byte[]> reply = pending.poll();
        if (reply == null) {
            unsolicitedFrames++;
        } else {
            reply.complete(frame);
        }
    }

    @Override
    public void onReadComplete() {
        // replies complete one by one as they are decoded
    }

    @Override
    public void onBadFrame(FrameDecodingException error) {
        failPending(new IOException("reply could not be decoded: " + error.getMessage(), error));
    }

    @Override
    public void onInputClosed() {
        connection.close();
    }

    @Override
    public void onClosed() {
        failPending(new IOException("connection " + connection.id() + " closed before the reply arrived"));
        closed.complete(null);
    }

    private void failPending(IOException cause) {
        CompletableFuture<byte[]> reply;
        while ((reply = pending.poll()) != null) {
            reply.completeExceptionally(cause);
        }
    }
}
