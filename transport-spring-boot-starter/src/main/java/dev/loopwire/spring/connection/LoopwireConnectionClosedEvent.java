package dev.loopwire.spring.connection;

import dev.loopwire.transport.CloseReason;
import java.net.InetSocketAddress;

/**
 * A connection of a Loopwire server closed. Published through Spring's event publisher on the thread the
 * server's dispatch names, once per connection, after its last frame's handler, and only while a listener
 * for it exists.
 */
public class LoopwireConnectionClosedEvent extends LoopwireConnectionEvent {

    private final CloseReason closeReason;

    public LoopwireConnectionClosedEvent(Object source, String server, long connectionId,
            InetSocketAddress remoteAddress, CloseReason closeReason) {
        super(source, server, connectionId, remoteAddress);
        this.closeReason = closeReason;
    }

    /** Why it closed: peer, idle, error, shutdown, limit or local. */
    public CloseReason getCloseReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return "LoopwireConnectionClosedEvent[" + getServer() + ", " + getConnectionId() + ", " + getRemoteAddress()
                + ", " + closeReason + "]";
    }
}
