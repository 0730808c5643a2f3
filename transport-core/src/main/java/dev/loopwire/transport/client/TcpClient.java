package dev.loopwire.transport.client;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.connection.ConnectionEvents;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.tls.TlsConfig;
import dev.loopwire.transport.tls.TlsEvents;
import dev.loopwire.transport.tls.TlsSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A TCP client on the same event loops as the servers: connects, sends frames, and receives replies as
 * futures in order (pipelining allowed), in plaintext or over TLS. Used by the tests, the load generator
 * and the demo. Safe from any thread.
 */
public final class TcpClient implements AutoCloseable {

    private final EventLoopGroup loops;
    private final boolean ownsLoops;
    private final Framing framing;
    private final ConnectionSettings settings;
    /** TLS settings, or null for plaintext */
    private final TlsConfig tls;

    /** A client on a shared loop group (the caller keeps ownership). */
    public TcpClient(EventLoopGroup loops, Framing framing) {
        this(loops, false, framing, null);
    }

    /** A TLS client on a shared loop group (the caller keeps ownership); {@code tls} null means plaintext. */
    public TcpClient(EventLoopGroup loops, Framing framing, TlsConfig tls) {
        this(loops, false, framing, tls);
    }

    private TcpClient(EventLoopGroup loops, boolean ownsLoops, Framing framing, TlsConfig tls) {
        this.loops = loops;
        this.ownsLoops = ownsLoops;
        this.framing = framing;
        this.tls = tls;
        // a client never stops reading for its own backlog: the test or generator decides what to send
        this.settings = new ConnectionSettings(Integer.MAX_VALUE - 1, Integer.MAX_VALUE, java.time.Duration.ZERO,
                java.time.Duration.ZERO);
    }

    /** A client with its own group of {@code threads} loops, closed with the client. */
    public static TcpClient create(int threads, Framing framing) {
        return create(threads, framing, null);
    }

    /**
     * A TLS client with its own group of {@code threads} loops, closed with the client; {@code tls} null
     * means plaintext. Requests sent before the handshake finishes are written once it has.
     */
    public static TcpClient create(int threads, Framing framing, TlsConfig tls) {
        return new TcpClient(new EventLoopGroup(threads, "loopwire-client", LoopChooser.roundRobin()), true, framing,
                tls);
    }

    /**
     * Connects to {@code host:port} (the connect itself runs on the calling thread) and returns once the
     * connection is registered on a loop.
     *
     * @throws IOException if the connection cannot be made
     */
    public ClientConnection connect(String host, int port) throws IOException {
        return register(SocketChannel.open(new InetSocketAddress(host, port)), host, port, false);
    }

    /**
     * Connects as {@link #connect(String, int)} does to a server that greets before the client speaks:
     * the first frame completes {@link ClientConnection#greeting()} instead of answering a request, so
     * requests sent at once still get their own replies.
     *
     * @throws IOException if the connection cannot be made
     */
    public ClientConnection connectExpectingGreeting(String host, int port) throws IOException {
        return register(SocketChannel.open(new InetSocketAddress(host, port)), host, port, true);
    }

    /**
     * Connects to {@code host:port} as {@link #connect(String, int)} does, giving up after
     * {@code timeout} (zero means the system's own limit). Blocks the calling thread, so never call it on
     * a loop thread.
     *
     * @throws java.net.SocketTimeoutException if the connection is not made within {@code timeout}
     * @throws IOException if the connection cannot be made
     */
    public ClientConnection connect(String host, int port, java.time.Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(host, port),
                    (int) Math.min(Integer.MAX_VALUE, Math.max(0, timeout.toMillis())));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return register(channel, host, port, false);
    }

    private ClientConnection register(SocketChannel channel, String host, int port, boolean expectGreeting)
            throws IOException {
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            EventLoop loop = loops.next();
            ClientConnection client = new ClientConnection(expectGreeting);
            NioConnection connection = new NioConnection(channel, loop, framing, settings, ConnectionEvents.NONE,
                    nio -> {
                        client.attach(nio);
                        return client;
                    },
                    tls == null ? null : nio -> client.attachTls(
                            new TlsSession(nio, tls.newClientEngine(host, port), TlsEvents.NONE, tls)));
            CompletableFuture<Void> registered = new CompletableFuture<>();
            loop.execute(() -> {
                try {
                    connection.register();
                    registered.complete(null);
                } catch (IOException | RuntimeException e) {
                    connection.closeNowInLoop(CloseReason.LOCAL);
                    registered.completeExceptionally(e);
                }
            });
            registered.join();
            return client;
        } catch (CompletionException e) {
            channel.close();
            throw new IOException("could not register the connection to " + host + ":" + port, e.getCause());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Closes the client's own loops (connections on them close at once). */
    @Override
    public void close() {
        if (ownsLoops) {
            loops.close();
        }
    }
}
