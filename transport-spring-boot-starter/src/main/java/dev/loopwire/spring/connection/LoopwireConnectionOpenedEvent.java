package dev.loopwire.spring.connection;

import java.net.InetSocketAddress;

/**
 * A connection of a Loopwire server opened. Published through Spring's event publisher on the thread the
 * server's dispatch names, before the connection's first frame, and only while a listener for it exists.
 */
public class LoopwireConnectionOpenedEvent extends LoopwireConnectionEvent {

    public LoopwireConnectionOpenedEvent(Object source, String server, long connectionId, InetSocketAddress remoteAddress) {
        super(source, server, connectionId, remoteAddress);
    }

    @Override
    public String toString() {
        return "LoopwireConnectionOpenedEvent[" + getServer() + ", " + getConnectionId() + ", " + getRemoteAddress()
                + "]";
    }
}
