package dev.loopwire.spring.connection;

import dev.loopwire.spring.LoopwireServers;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.server.BroadcastResult;
import dev.loopwire.transport.server.OpenConnections;
import dev.loopwire.transport.server.TcpServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The open connections of the application's Loopwire servers: look one up by id, list a server's, and
 * push to many at once. A broadcast applies the server's {@code slow-consumer} policy: a connection whose
 * outbound backlog is over {@code write-buffer.high} is skipped (counted) or closed (counted and logged),
 * so a client that never reads neither grows memory nor slows the others. Safe from any thread; never
 * blocks.
 */
public class LoopwireConnections {

    private final LoopwireServers servers;

    public LoopwireConnections(LoopwireServers servers) {
        this.servers = servers;
    }

    /** The open connection with this id, on any server. */
    public Optional<Connection> find(long connectionId) {
        for (TcpServer server : servers.servers()) {
            Optional<Connection> found = server.connections().find(connectionId);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The open connection with this id on {@code server}. */
    public Optional<Connection> find(String server, long connectionId) {
        return servers.server(server).flatMap(s -> s.connections().find(connectionId));
    }

    /**
     * A snapshot of the open connections of {@code server}.
     *
     * @throws IllegalArgumentException when no such server is configured
     */
    public List<Connection> connections(String server) {
        return open(server).list();
    }

    /** Sends {@code payload} as one frame to every open connection of {@code server}. */
    public BroadcastResult broadcast(String server, byte[] payload) {
        return open(server).broadcast(payload);
    }

    /** Sends {@code payload} (UTF-8) as one frame to every open connection of {@code server}. */
    public BroadcastResult broadcast(String server, String payload) {
        return broadcast(server, payload.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code payload} as one frame to the open connections of {@code server} that {@code filter}
     * accepts (it runs on the calling thread). The array is shared by all receivers: do not change it.
     */
    public BroadcastResult broadcast(String server, Predicate<? super Connection> filter, byte[] payload) {
        return open(server).broadcast(filter, payload);
    }

    private OpenConnections open(String server) {
        return servers.server(server).map(TcpServer::connections).orElseThrow(() -> new IllegalArgumentException(
                "no Loopwire server named '" + server + "'; configured: "
                        + servers.servers().stream().map(TcpServer::name).toList()));
    }
}
