package dev.loopwire.spring.lifecycle;

import dev.loopwire.transport.server.TcpServer;
import org.springframework.context.ApplicationEvent;

/**
 * Published when a Loopwire server listens, on the thread that starts the context's lifecycle beans
 * (normally the main thread), before the next server starts.
 */
public class ServerListeningEvent extends ApplicationEvent {

    private static final long serialVersionUID = 1L;

    public ServerListeningEvent(TcpServer server) {
        super(server);
    }

    /** The server that listens. */
    public TcpServer getServer() {
        return (TcpServer) getSource();
    }

    /** The server's name (its key under {@code loopwire.servers}). */
    public String getServerName() {
        return getServer().name();
    }

    /** The port it listens on (the actual one when configured with 0). */
    public int getPort() {
        return getServer().port();
    }
}
