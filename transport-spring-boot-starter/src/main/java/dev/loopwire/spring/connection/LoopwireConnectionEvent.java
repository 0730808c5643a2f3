package dev.loopwire.spring.connection;

import java.net.InetSocketAddress;
import org.springframework.context.ApplicationEvent;

/**
 * What the connection events of a Loopwire server have in common: the server and the connection. Immutable;
 * safe to read from any thread.
 */
public abstract class LoopwireConnectionEvent extends ApplicationEvent {

    private final String server;
    private final long connectionId;
    private final InetSocketAddress remoteAddress;

    protected LoopwireConnectionEvent(Object source, String server, long connectionId,
            InetSocketAddress remoteAddress) {
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
}
