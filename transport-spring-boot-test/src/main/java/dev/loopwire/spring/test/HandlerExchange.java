package dev.loopwire.spring.test;

import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.loop.EventLoop;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * An exchange with a server's handler in memory: each frame goes straight to the server's
 * {@link FrameHandler} (the same routing, conversion and error replies as over a socket) on the test's
 * thread, with a connection that has no socket. Asynchronous replies are awaited, up to 5 s. Use from one
 * thread.
 */
public final class HandlerExchange extends FrameExchange<HandlerExchange> {

    private static final AtomicLong IDS = new AtomicLong(-1_000_000);

    private final FrameHandler handler;
    private final MemoryConnection connection = new MemoryConnection();
    private final Queue<byte[]> replies = new ArrayDeque<>();

    HandlerExchange(String server, FrameHandler handler, PayloadFormat format, JsonMapper jsonMapper) {
        super(server, format, jsonMapper);
        this.handler = handler;
    }

    @Override
    public HandlerExchange send(byte[] frame) {
        if (!connection.isOpen()) {
            throw new AssertionError("the handler of server '" + server() + "' closed the connection; no frame is "
                    + "handled after that");
        }
        Reply reply;
        try {
            reply = handler.handle(connection, frame);
        } catch (Exception e) {
            throw new AssertionError("the handler of server '" + server() + "' threw " + e, e);
        }
        if (reply instanceof Reply.Later later) {
            try {
                reply = later.stage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the asynchronous reply of server '" + server() + "' failed or took over 5 s",
                        e);
            }
        }
        if (reply instanceof Reply.Now now) {
            if (now.payload() != null) {
                replies.add(now.payload());
            }
            if (now.closeAfter()) {
                connection.close();
            }
        }
        return this;
    }

    @Override
    public byte[] nextReply() {
        byte[] reply = replies.poll();
        if (reply == null) {
            throw new AssertionError("the handler of server '" + server() + "' gave no reply");
        }
        return reply;
    }

    /** Asserts that the handler closed the connection. */
    public HandlerExchange expectClosed() {
        if (connection.isOpen()) {
            throw new AssertionError("the handler of server '" + server() + "' did not close the connection");
        }
        return this;
    }

    /** Frames the handler sent on its own ({@link Connection#send}). */
    public List<byte[]> pushed() {
        return List.copyOf(connection.pushed);
    }

    @Override
    public void close() {
        connection.close();
    }

    /** A connection without a socket. */
    private static final class MemoryConnection implements Connection {

        private final long id = IDS.incrementAndGet();
        private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        private final ConcurrentMap<String, Object> attributes = new ConcurrentHashMap<>();
        private final List<byte[]> pushed = new CopyOnWriteArrayList<>();
        private volatile boolean open = true;

        @Override
        public long id() {
            return id;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return address;
        }

        @Override
        public InetSocketAddress localAddress() {
            return address;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public void send(byte[] frame) {
            if (open) {
                pushed.add(frame);
            }
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException("an in-memory connection has no event loop; test this handler "
                    + "through LoopwireTestClient.server(name)");
        }

        @Override
        public ConcurrentMap<String, Object> attributes() {
            return attributes;
        }
    }
}
