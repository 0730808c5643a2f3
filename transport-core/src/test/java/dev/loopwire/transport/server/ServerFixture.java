package dev.loopwire.transport.server;

import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.codec.Framing;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A server on 127.0.0.1 port 0 and a client for it, both closed by {@link #close()}. For tests in this
 * and other modules.
 */
public final class ServerFixture implements AutoCloseable {

    private final TcpServer server;
    private final TcpClient client;
    private final List<ClientConnection> connections = new ArrayList<>();

    private ServerFixture(TcpServer server, TcpClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts a server from {@code config} (host forced to 127.0.0.1, port 0) and a 2-loop client. */
    public static ServerFixture start(TcpServerConfig.Builder config) {
        TcpServerConfig built = config.host("127.0.0.1").port(0).build();
        TcpServer server = new TcpServer(built).start();
        return new ServerFixture(server, TcpClient.create(2, built.framing()));
    }

    /** Same, letting the caller adjust the builder first. */
    public static ServerFixture start(TcpServerConfig.Builder config, Consumer<TcpServerConfig.Builder> customizer) {
        customizer.accept(config);
        return start(config);
    }

    public TcpServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** Opens a client connection, closed with the fixture. */
    public ClientConnection connect() throws IOException {
        ClientConnection connection = client.connect("127.0.0.1", server.port());
        connections.add(connection);
        return connection;
    }

    /** A client for another framing on the same server. */
    public TcpClient clientWith(Framing framing) {
        return TcpClient.create(1, framing);
    }

    @Override
    public void close() {
        server.shutdownGracefully(Duration.ofSeconds(5)).join();
        client.close();
    }
}
