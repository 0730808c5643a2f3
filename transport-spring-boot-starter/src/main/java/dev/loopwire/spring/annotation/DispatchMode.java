package dev.loopwire.spring.annotation;

import dev.loopwire.transport.Dispatch;

/**
 * Where one {@link MessageHandler} route runs: the server's dispatch (the default), or an override for this
 * route. A property {@code loopwire.servers.<name>.routes.<route>.dispatch} overrides the annotation.
 *
 * <p>Replies of a connection leave in request order whatever the mix: a frame of an {@code io} route that
 * arrives while an earlier frame of its connection is pending on the pool waits its turn (it then runs,
 * in order, on the business thread).
 */
public enum DispatchMode {

    /** The server's {@code dispatch} ({@code loopwire.servers.<name>.dispatch}). */
    INHERIT(null),

    /** On the connection's I/O loop: for cheap handlers that never block (PING, a GET from memory). */
    IO(Dispatch.IO),

    /** On the business pool: for handlers that block or compute (a database call). */
    POOL(Dispatch.POOL),

    /** On a virtual thread (Java 21 or later): for handlers that block on I/O. */
    VIRTUAL(Dispatch.VIRTUAL);

    private final Dispatch dispatch;

    DispatchMode(Dispatch dispatch) {
        this.dispatch = dispatch;
    }

    /** The core dispatch this mode names, or null for {@link #INHERIT}. */
    public Dispatch dispatch() {
        return dispatch;
    }
}
