package dev.loopwire.spring.test;

import dev.loopwire.spring.handler.PayloadFormat;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An exchange over a real connection to the server: requests are pipelined, replies read in order, each
 * within {@link #timeout(Duration)} (5 s by default). Use from one thread.
 */
public final class SocketExchange extends FrameExchange<SocketExchange> {

    private final TcpClient client;
    private final ClientConnection connection;
    private final Queue<CompletableFuture<byte[]>> replies = new ArrayDeque<>();
    private Duration timeout = Duration.ofSeconds(5);

    SocketExchange(String server, TcpClient client, ClientConnection connection, PayloadFormat format,
            JsonMapper jsonMapper) {
        super(server, format, jsonMapper);
        this.client = client;
        this.connection = connection;
    }

    /** Makes the connection's greeting the first reply to read. */
    void expectGreeting() {
        replies.add(connection.greeting());
    }

    /** How long to wait for each reply. */
    public SocketExchange timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    @Override
    public SocketExchange send(byte[] frame) {
        replies.add(connection.request(frame));
        return this;
    }

    @Override
    public byte[] nextReply() {
        CompletableFuture<byte[]> reply = replies.poll();
        if (reply == null) {
            throw new AssertionError("no request is waiting for a reply from server '" + server() + "': send one first");
        }
        try {
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no reply from server '" + server() + "' within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new AssertionError("no reply from server '" + server() + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for server '" + server() + "'", e);
        }
    }

    /** Asserts that the server closes the connection within the timeout. */
    public SocketExchange expectClosed() {
        try {
            connection.closeFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("server '" + server() + "' did not close the connection within "
                    + timeout.toMillis() + " ms", e);
        }
        return this;
    }

    /** The underlying connection. */
    public ClientConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.closeGracefully().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // best effort
        } finally {
            client.close();
        }
    }
}
