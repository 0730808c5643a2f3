package dev.loopwire.transport;

/**
 * A server's hook into the life of each connection: one call when it opens, one when it closes.
 *
 * <p>Both run where the server's {@link FrameHandler} runs ({@link Dispatch}): on the connection's loop
 * thread for {@code io}, on a business thread for {@code pool} and {@code virtual}, and in order with the
 * connection's frames: {@link #onOpen} before the first frame reaches the handler, so its greeting leaves
 * before the first reply, and {@link #onClose} after the last frame's handler has returned. For one
 * connection, calls never overlap with each other or with frame calls. {@link #onClose} runs exactly once
 * for every connection whose {@link #onOpen} ran, whatever closed it (peer, idle timeout, error, closing
 * reply, shutdown, limit). A connection refused at accept (max-connections, untrusted proxy) sees neither.
 *
 * <p>With PROXY protocol, {@link #onOpen} runs when the connection registers, before the header is read:
 * {@link Connection#remoteAddress()} may still be the proxy's then.
 */
public interface ConnectionLifecycle {

    /** No hook: the server skips the calls entirely. */
    ConnectionLifecycle NONE = new ConnectionLifecycle() {
    };

    /**
     * The connection opened. The reply (a greeting, or {@link Reply#none()}; {@link Reply#later} and a
     * closing reply work as for frames) is sequenced before the reply to the first frame. A throw goes to
     * the server's {@link FailurePolicy} like a handler failure (an error reply, or a close).
     *
     * @return the greeting; never {@code null}
     */
    default Reply onOpen(Connection connection) throws Exception {
        return Reply.none();
    }

    /**
     * The connection closed (the socket is already closed: nothing can be sent). Release its session
     * state here. A throw is logged and otherwise ignored.
     */
    default void onClose(Connection connection, CloseReason reason) throws Exception {
    }
}
