package dev.loopwire.spring.connection;

import java.net.InetSocketAddress;
import org.springframework.context.ApplicationEvent;

/**
 * A connection of a Loopwire server opened. Published through Spring's event publisher on the thread the
 * server's dispatch names, before the connection's first frame, and only while a listener for it exists.
 */
public class LoopwireConnectionOpenedEvent extends ApplicationEvent {

    private final String server;
    private final long connectionId;
    private final InetSocketAddress remoteAddress;

    public LoopwireConnectionOpenedEvent(Object source, String server, long connectionId, InetSocketAddress remoteAddress) {
        super(source);
        this.server = server;
        this.connectionId = connectionId;
        this.remoteAddress = remoteAddress;
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

    @Override
    public String toString() {
        return "LoopwireConnectionOpenedEvent[" + server + ", " + connectionId + ", " + remoteAddress + "]";
    }
}
