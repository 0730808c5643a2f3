package dev.loopwire.transport.server;

import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.connection.TransportLayer;
import dev.loopwire.transport.proxy.ProxyProtocolConfig;
import dev.loopwire.transport.proxy.ProxyProtocolLayer;
import dev.loopwire.transport.proxy.ProxyProtocolMode;
import dev.loopwire.transport.proxy.ProxyRejection;
import dev.loopwire.transport.stats.SecurityStats;
import dev.loopwire.transport.tls.TlsConfig;
import dev.loopwire.transport.tls.TlsSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport layers of a server's connections: the PROXY header reader (with the trusted-proxy check
 * on the real peer address at accept) and TLS (an engine per connection from the current
 * {@link TlsConfig}, so a reloaded certificate applies to new connections). Safe from any thread.
 */
final class ConnectionLayers {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLayers.class);

    private final String serverName;
    private final Supplier<TlsConfig> tls;
    private final ProxyProtocolConfig proxy;
    private final SecurityStats stats;

    ConnectionLayers(TcpServerConfig config, SecurityStats stats) {
        this.serverName = config.name();
        this.tls = config.tls();
        this.proxy = config.proxyProtocol();
        this.stats = stats;
    }

    /** The factory for {@link NioConnection}, or null when the server is plain (no layers at all). */
    Function<NioConnection, TransportLayer> factory() {
        return tls == null && proxy.mode() == ProxyProtocolMode.OFF ? null : this::create;
    }

    /**
     * Checks an accepted channel: with PROXY protocol required, only trusted proxies may connect.
     * Acceptor thread.
     *
     * @return false when the channel must be closed
     */
    boolean admit(SocketChannel channel) throws IOException {
        if (proxy.mode() != ProxyProtocolMode.REQUIRED) {
            return true;
        }
        InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
        if (proxy.isTrusted(peer.getAddress())) {
            return true;
        }
        stats.proxyHeaderRejected(ProxyRejection.UNTRUSTED);
        log.debug("Server {}: {} is not a trusted proxy and PROXY protocol is required; closing", serverName, peer);
        return false;
    }

    private TransportLayer create(NioConnection connection) {
        TransportLayer layer = null;
        if (tls != null) {
            TlsConfig config = tls.get();
            layer = new TlsSession(connection, config.newServerEngine(), stats, config);
        }
        if (proxy.mode() != ProxyProtocolMode.OFF) {
            boolean trusted = proxy.isTrusted(connection.remoteAddress().getAddress());
            layer = new ProxyProtocolLayer(connection, layer, proxy.mode(), trusted, proxy, stats);
        }
        return layer;
    }
}
