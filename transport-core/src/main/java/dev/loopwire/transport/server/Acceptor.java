package dev.loopwire.transport.server;

import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.IoHandler;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on the server's acceptor loop, in batches, and hands each to the server to admit
 * and place on an I/O loop. When accepting fails for lack of resources (out of file descriptors:
 * EMFILE/ENFILE), it stops listening for a short back-off instead of spinning on a ready key that it
 * cannot serve, then tries again. Acceptor loop thread only.
 */
final class Acceptor implements IoHandler {

    private static final Logger log = LoggerFactory.getLogger(Acceptor.class);

    /** connections accepted per readiness event at most */
    static final int MAX_ACCEPTS_PER_EVENT = 64;
    /** pause after an accept failure such as EMFILE */
    static final long BACKOFF_MILLIS = 100;

    private final String serverName;
    private final ServerSocketChannel serverChannel;
    private final EventLoop loop;
    private final Consumer<SocketChannel> admit;
    /** counts each failed accept (and so each back-off) */
    private final Runnable acceptFailed;
    /** the listening key; loop thread only */
    private SelectionKey key;
    /** accept failures in a row, for the log; loop thread only */
    private int consecutiveFailures;

    Acceptor(String serverName, ServerSocketChannel serverChannel, EventLoop loop, Consumer<SocketChannel> admit,
            Runnable acceptFailed) {
        this.serverName = serverName;
        this.serverChannel = serverChannel;
        this.loop = loop;
        this.admit = admit;
        this.acceptFailed = acceptFailed;
    }

    /** Starts listening. Acceptor loop thread only. */
    void register() throws IOException {
        loop.assertInLoop();
        key = loop.register(serverChannel, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void handleReady(SelectionKey readyKey) {
        for (int i = 0; i < MAX_ACCEPTS_PER_EVENT; i++) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                backOff(e);
                return;
            }
            if (channel == null) {
                break;
            }
            consecutiveFailures = 0;
            admit.accept(channel);
        }
    }

    private void backOff(IOException cause) {
        if (!serverChannel.isOpen()) {
            return;
        }
        consecutiveFailures++;
        acceptFailed.run();
        if (consecutiveFailures == 1 || consecutiveFailures % 100 == 0) {
            log.warn("Server {}: accept failed ({}), {} time(s) in a row; pausing accepts for {} ms. If this says "
                    + "'Too many open files', raise the file-descriptor limit (ulimit -n) or lower max-connections.",
                    serverName, cause.getMessage(), consecutiveFailures, BACKOFF_MILLIS);
        }
        key.interestOps(0);
        loop.schedule(this::resume, BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void resume() {
        if (key.isValid()) {
            key.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting and closes the listening socket, releasing the port. Acceptor loop thread only. */
    void close() {
        loop.assertInLoop();
        if (key != null) {
            key.cancel();
        }
        try {
            serverChannel.close();
        } catch (IOException e) {
            log.debug("Server {}: closing the listening socket failed", serverName, e);
        }
    }

    @Override
    public void rekeyed(SelectionKey newKey) {
        key = newKey;
    }

    @Override
    public void closeOnLoopFailure(Throwable cause) {
        log.error("Server {}: the acceptor failed and stops accepting", serverName, cause);
        close();
    }

    @Override
    public void closeOnLoopShutdown() {
        close();
    }

    @Override
    public String toString() {
        return "Acceptor[" + serverName + "]";
    }

    /** Applies socket options to an accepted channel. Any thread. */
    static void configure(SocketChannel channel, SocketOptions options) throws IOException {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, options.tcpNoDelay());
        channel.setOption(StandardSocketOptions.SO_KEEPALIVE, options.keepAlive());
        if (options.receiveBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, options.receiveBufferSize());
        }
        if (options.sendBufferSize() > 0) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferSize());
        }
    }
}
