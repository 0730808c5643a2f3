package dev.loopwire.spring;

import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.Reply;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.server.BusinessExecutors;
import dev.loopwire.transport.server.TcpServer;
import dev.loopwire.transport.server.TcpServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A {@link LoopwireServers} built from real core servers on 127.0.0.1, port 0, sharing two I/O loops and a
 * two-thread business pool, the way the starter wires them:
 * <ul>
 * <li>{@code echo}: line framing, pool dispatch, echoes each line; {@code fail} makes the handler throw;</li>
 * <li>{@code inline}: line framing, io dispatch, max 2 connections; {@code block} parks the loop thread on
 * {@link #release()} (at most 30 s), anything else is echoed.</li>
 * </ul>
 * Closing it stops servers, client, loops and pool. For tests only.
 */
public final class ObservedTestServers implements AutoCloseable {

    private final EventLoopGroup loops = new EventLoopGroup(2, "test-io", LoopChooser.roundRobin());
    private final ExecutorService pool = BusinessExecutors.bounded("test-worker", 2, 64);
    private final LoopwireServers servers = new LoopwireServers(loops, pool);
    private final TcpClient client = TcpClient.create(1, LineFraming.defaults());
    private final List<ClientConnection> connections = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);
    private volatile String blockedThread;

    /** Builds and starts both servers and registers them. */
    public static ObservedTestServers start() {
        ObservedTestServers test = new ObservedTestServers();
        test.servers.register(test.server("echo", Dispatch.POOL, 100));
        test.servers.register(test.server("inline", Dispatch.IO, 2));
        return test;
    }

    /** Builds a registry with the shared loops and pool but no servers yet. */
    public static ObservedTestServers empty() {
        return new ObservedTestServers();
    }

    /** Starts a pool-dispatched echo server {@code name} and registers it. */
    public TcpServer addEchoServer(String name) {
        TcpServer server = server(name, Dispatch.POOL, 100);
        servers.register(server);
        return server;
    }

    private TcpServer server(String name, Dispatch dispatch, int maxConnections) {
        TcpServerConfig config = TcpServerConfig.builder((connection, frame) -> {
            String text = new String(frame, StandardCharsets.UTF_8);
            if (text.equals("fail")) {
                throw new IllegalStateException("handler failure on purpose");
            }
            if (text.equals("block")) {
                blockedThread = Thread.currentThread().getName();
                blocked.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            return Reply.of(frame);
        }).name(name).host("127.0.0.1").port(0).framing(LineFraming.defaults()).dispatch(dispatch)
                .maxConnections(maxConnections).eventLoopGroup(loops).businessExecutor(pool).build();
        return new TcpServer(config).start();
    }

    public LoopwireServers servers() {
        return servers;
    }

    public TcpServer server(String name) {
        return servers.server(name).orElseThrow();
    }

    /** Opens a client connection to server {@code name}, closed with this fixture. */
    public ClientConnection connect(String name) throws IOException {
        ClientConnection connection = client.connect("127.0.0.1", server(name).port());
        connections.add(connection);
        return connection;
    }

    /** Sends {@code text} and waits (bounded) for the echo. */
    public static String echo(ClientConnection connection, String text) throws Exception {
        return new String(connection.request(text.getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS),
                StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code bytes} to server {@code name} on a plain socket (no client-side frame checks) and waits,
     * at most 5 s, for the server to close it.
     */
    public void sendRawAndAwaitClose(String name, byte[] bytes) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server(name).port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // drain until the server closes; a timeout fails the test
            }
        }
    }

    /** Sends {@code block} to the {@code inline} server and waits until its handler holds the loop. */
    public String blockInlineLoop(ClientConnection inlineConnection) throws InterruptedException {
        inlineConnection.sendFrame("block".getBytes(StandardCharsets.UTF_8));
        if (!blocked.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the inline handler never started blocking");
        }
        return blockedThread;
    }

    /** Lets a blocked {@code inline} handler return. */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
        connections.forEach(ClientConnection::close);
        for (TcpServer server : servers.servers()) {
            server.shutdownGracefully(Duration.ofSeconds(5)).join();
        }
        client.close();
        loops.close();
        pool.shutdownNow();
    }
}
