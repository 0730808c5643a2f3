package dev.loopwire.transport.server;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.stats.ServerStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open connections of one server, by id: for lookups, iteration and broadcast. A connection is in
 * it from the moment its open call is done and its greeting queued (so a push cannot overtake the
 * greeting) until it starts closing. Add and remove are O(1). Safe from any thread; iteration is weakly
 * consistent (it sees a connection opened or closed meanwhile, or not).
 *
 * <p>Broadcast and slow consumers: a connection whose write backlog (queued frames plus encrypted bytes
 * not yet written) is at or over its high watermark is a slow consumer. The server's
 * {@link SlowConsumerPolicy} skips it for this message (counted) or closes it at once, discarding its
 * backlog (counted, logged, reason {@link CloseReason#LIMIT}). Since the check comes before each message,
 * a slow consumer's backlog never exceeds the high watermark plus one message, and nobody waits for it:
 * queuing never blocks.
 */
public final class OpenConnections {

    private static final Logger log = LoggerFactory.getLogger(OpenConnections.class);

    private final String serverName;
    private final ServerStats stats;
    private final SlowConsumerPolicy policy;
    private final ConcurrentHashMap<Long, NioConnection> byId = new ConcurrentHashMap<>();

    OpenConnections(String serverName, ServerStats stats, SlowConsumerPolicy policy) {
        this.serverName = serverName;
        this.stats = stats;
        this.policy = policy;
    }

    /** Adds a connection whose open call is done; a connection closed meanwhile is left out. */
    void add(NioConnection connection) {
        byId.put(connection.id(), connection);
        if (!connection.isOpen()) {
            byId.remove(connection.id(), connection); // it closed while being added: its removal may have run first
        }
    }

    /** Removes a connection that is closing or closed. */
    void remove(NioConnection connection) {
        byId.remove(connection.id(), connection);
    }

    /** The open connection with this id, if it belongs to this server. */
    public Optional<Connection> find(long id) {
        NioConnection connection = byId.get(id);
        return connection == null || !connection.isOpen() ? Optional.empty() : Optional.of(connection);
    }

    /** How many connections are open. */
    public int size() {
        return byId.size();
    }

    /** A snapshot of the open connections. */
    public List<Connection> list() {
        Collection<NioConnection> values = byId.values();
        List<Connection> snapshot = new ArrayList<>(values.size());
        for (NioConnection connection : values) {
            if (connection.isOpen()) {
                snapshot.add(connection);
            }
        }
        return snapshot;
    }

    /** The server's slow-consumer policy. */
    public SlowConsumerPolicy slowConsumerPolicy() {
        return policy;
    }

    /** Sends {@code payload} to every open connection; see {@link #broadcast(Predicate, byte[])}. */
    public BroadcastResult broadcast(byte[] payload) {
        return broadcast(connection -> true, payload);
    }

    /**
     * Sends {@code payload} to every open connection that {@code filter} accepts, as
     * {@link Connection#send} would (framed by the server's framing, after the replies already queued),
     * applying the slow-consumer policy. The array is shared by all receivers: do not change it
     * afterwards. Never blocks. The filter runs on the calling thread.
     *
     * @throws IllegalArgumentException if the framing cannot carry {@code payload} (e.g. longer than the
     *         line limit); thrown at the first receiver, before anything is queued
     */
    public BroadcastResult broadcast(Predicate<? super Connection> filter, byte[] payload) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(payload, "payload");
        int delivered = 0;
        int skipped = 0;
        int closed = 0;
        for (NioConnection connection : byId.values()) {
            if (!connection.isOpen() || !filter.test(connection)) {
                continue;
            }
            if (connection.isWritable()) {
                connection.send(payload);
                delivered++;
            } else if (policy == SlowConsumerPolicy.SKIP) {
                stats.broadcastSkipped();
                skipped++;
            } else {
                closeSlowConsumer(connection);
                closed++;
            }
        }
        return new BroadcastResult(delivered, skipped, closed);
    }

    private void closeSlowConsumer(NioConnection connection) {
        remove(connection);
        connection.noteCloseReason(CloseReason.LIMIT);
        stats.slowConsumerClosed();
        log.info("Server {}: closing slow consumer {} ({}): {} bytes wait to be written, at or over its high "
                + "watermark; raise the watermarks or use slow-consumer: skip to keep such clients", serverName,
                connection.id(), connection.remoteAddress(), connection.pendingOutboundBytes());
        connection.executeInLoopOrDrop(() -> connection.closeNowInLoop(CloseReason.LIMIT)); // queued: never inside a handler
    }
}
