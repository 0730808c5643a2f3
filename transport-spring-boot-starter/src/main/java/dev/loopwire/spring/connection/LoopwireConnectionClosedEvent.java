package dev.loopwire.spring.connection;

import dev.loopwire.transport.CloseReason;
import java.net.InetSocketAddress;
import org.springframework.context.ApplicationEvent;

/**
 * A connection of a Loopwire server closed. Published through Spring's event publisher on the thread the
 * server's dispatch names, once per connection, after its last frame's handler, and only while a listener
 * for it exists.
 */
public class LoopwireConnectionClosedEvent extends ApplicationEvent {

    private final String server;
    private final long connectionId;
    private final InetSocketAddress remoteAddress;
    private final CloseReason closeReason;

    public LoopwireConnectionClosedEvent(Object source, String server, long connectionId,
            InetSocketAddress remoteAddress, CloseReason closeReason) {
        super(source);
        this.server = server;
        this.connectionId = connectionId;
        this.remoteAddress = remoteAddress;
        this.closeReason = closeReason;
    }

    /** The server's name (its key under {@code loopwire.servers}). */
    public String getServer() {
        return server;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public InetSocketAddress getRemoteAddress() {
        return remoteAddress;
    }

    /** Why it closed: peer, idle, error, shutdown, limit or local. */
    public CloseReason getCloseReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "LoopwireConnectionClosedEvent[" + server + ", " + connectionId + ", " + remoteAddress + ", "
                + closeReason + "]";
    }
}
