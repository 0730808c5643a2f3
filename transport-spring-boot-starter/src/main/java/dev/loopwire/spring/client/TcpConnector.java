package dev.loopwire.spring.client;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.client.ClientConnection;
import dev.loopwire.transport.client.TcpClient;
import dev.loopwire.transport.server.TcpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Connects through the core's {@link TcpClient} to a fixed address, or to a server of this application
 * at the port it listens on. Waits for the TLS handshake before handing a connection out. Called on the
 * client scheduler's threads (it blocks).
 */
final class TcpConnector implements Connector {

    private final TcpClient tcpClient;
    private final Supplier<InetSocketAddress> target;
    /** host:port when fixed, else null */
    private final String fixedAddress;
    /** the server of this application connected to, else null */
    private final String serverName;

    private TcpConnector(TcpClient tcpClient, Supplier<InetSocketAddress> target, String fixedAddress,
            String serverName) {
        this.tcpClient = tcpClient;
        this.target = target;
        this.fixedAddress = fixedAddress;
        this.serverName = serverName;
    }

    /** To {@code host:port}. */
    static TcpConnector to(TcpClient tcpClient, String host, int port) {
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, port);
        return new TcpConnector(tcpClient, () -> address, host + ":" + port, null);
    }

    /** To this application's server {@code serverName}, on 127.0.0.1 at the port it listens on. */
    static TcpConnector toLocalServer(TcpClient tcpClient, Supplier<LoopwireServers> servers, String serverName) {
        return new TcpConnector(tcpClient, () -> {
            LoopwireServers registry = servers.get();
            TcpServer server = registry == null ? null : registry.server(serverName).orElse(null);
            if (server == null || server.state() != TcpServer.State.RUNNING || server.localAddress() == null) {
                return null;
            }
            return InetSocketAddress.createUnresolved("127.0.0.1", server.port());
        }, null, serverName);
    }

    @Override
    public ClientConnection connect(Duration timeout) throws IOException {
        InetSocketAddress address = target.get();
        if (address == null) {
            throw new NotListeningException("server '" + serverName + "' of this application is not listening (yet)");
        }
        ClientConnection connection = tcpClient.connect(address.getHostString(), address.getPort(), timeout);
        try {
            connection.handshake().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return connection;
        } catch (ExecutionException e) {
            connection.connection().runInLoopOrDrop(() -> connection.connection().closeNowInLoop(dev.loopwire.transport.CloseReason.LOCAL));
            throw new IOException("TLS handshake failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            connection.connection().runInLoopOrDrop(() -> connection.connection().closeNowInLoop(dev.loopwire.transport.CloseReason.LOCAL));
            throw new IOException("TLS handshake did not finish within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.connection().runInLoopOrDrop(() -> connection.connection().closeNowInLoop(dev.loopwire.transport.CloseReason.LOCAL));
            throw new IOException("interrupted during the TLS handshake", e);
        }
    }

    /** The local server named by {@code server} does not listen (yet): retried quietly. */
    static final class NotListeningException extends IOException {

        private static final long serialVersionUID = 1L;

        NotListeningException(String message) {
            super(message);
        }
    }

    @Override
    public String localServer() {
        return serverName;
    }

    @Override
    public String address() {
        if (fixedAddress != null) {
            return fixedAddress;
        }
        InetSocketAddress address = target.get();
        return address == null ? "server '" + serverName + "' (not listening)"
                : address.getHostString() + ":" + address.getPort() + " (server '" + serverName + "')";
    }
}
