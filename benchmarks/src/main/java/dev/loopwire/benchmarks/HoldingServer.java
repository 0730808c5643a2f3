package dev.loopwire.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The least a server can do per connection: a blocking {@link ServerSocketChannel} whose one
 * thread accepts and holds each {@link SocketChannel}, never reading. {@link HeapPerConnection}
 * uses it as the baseline whose cost (client side plus a bare accepted channel) it subtracts.
 *
 * <p>{@link #accepted()} is safe from any thread; the held list is touched by the accept thread
 * until {@link #close()} has joined it.
 */
public final class HoldingServer implements AutoCloseable {

    private final ServerSocketChannel server;
    private final List<SocketChannel> held;
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    /**
     * Binds 127.0.0.1 on an ephemeral port and starts accepting.
     *
     * @param expected connections expected (sizes the held list up front, so it does not grow
     *                 while heap is being measured)
     */
    public HoldingServer(int expected) throws IOException {
        this.held = new ArrayList<>(expected);
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        this.acceptor = new Thread(this::acceptLoop, "holding-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The bound port. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                held.add(server.accept());
                accepted.incrementAndGet();
            }
        } catch (ClosedChannelException closed) {
            // close() was called
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel channel : held) {
            channel.close();
        }
    }
}
