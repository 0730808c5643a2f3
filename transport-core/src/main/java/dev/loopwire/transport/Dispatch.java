package dev.loopwire.transport;

/** Which thread runs the {@link FrameHandler}: the half-sync/half-async choice, per server. */
public enum Dispatch {

    /**
     * On the connection's I/O loop thread, right after decoding. Lowest latency and no hand-off, for
     * handlers that never block (in-memory lookups, echo, routing). A blocking handler stalls every
     * connection of that loop.
     */
    IO,

    /**
     * On a bounded business thread pool (the default). Each connection has a serial mailbox drained by
     * one task at a time, so its frames are handled in order while different connections run in
     * parallel. When too many frames are pending, loops stop reading until the pool catches up.
     */
    POOL,

    /**
     * Like {@link #POOL}, on virtual threads (Java 21 or later): for handlers that block on I/O.
     */
    VIRTUAL
}
