package dev.loopwire.spring.client;

import dev.loopwire.transport.client.ClientConnection;

/**
 * One open connection of a {@link ConnectionPool} and its requests in flight. {@code inFlight} is guarded by
 * the pool's lock; the volatile fields are read without it.
 */
final class PooledConnection {

    static final String IDLE = "idle";

    final ClientConnection connection;
    int inFlight;
    volatile long lastActivity = System.nanoTime();
    /** whether a reply ever came on it */
    volatile boolean answered;
    /** why the client closed it, null when the server did */
    volatile String closeReason;

    PooledConnection(ClientConnection connection) {
        this.connection = connection;
    }

    void take(boolean expectsReply) {
        if (expectsReply) {
            inFlight++;
        }
        lastActivity = System.nanoTime();
    }

    void touch() {
        lastActivity = System.nanoTime();
    }
}
