package dev.loopwire.transport.connection;

import dev.loopwire.transport.Frame;
import dev.loopwire.transport.buffer.ConnectionBuffers;
import dev.loopwire.transport.codec.FrameDecodingException;

/**
 * What a {@link NioConnection} does with what it reads: the server side dispatches frames to the
 * business handler, the client side completes pending requests. One instance per connection; every
 * method is called on the connection's loop thread, in stream order.
 */
public interface InboundHandler {

    /**
     * The connection is registered on its loop and live; called once, before any frame (not at all for a
     * connection closed before it registered).
     */
    default void onRegistered() {
    }

    /** One decoded frame; the handler owns the array. */
    void onFrame(byte[] frame);

    /**
     * One decoded frame as a buffer, valid only during the call (see {@link Frame}); called instead of
     * {@link #onFrame(byte[])} when {@link #frameBuffers()} is not null. The default copies it into an array.
     */
    default void onFrame(Frame frame) {
        onFrame(frame.toByteArray());
    }

    /**
     * The connection's share of its loop's buffer pool when this handler takes frames as buffers
     * ({@link #onFrame(Frame)}), or null (the default) for arrays. Asked once, when the connection is made.
     */
    default ConnectionBuffers frameBuffers() {
        return null;
    }

    /** The frames of one read event have all been delivered (hand them on in one batch). */
    void onReadComplete();

    /**
     * The decoder rejected input (already counted and logged by the connection). If the error is not
     * recoverable, the connection has stopped reading and waits for {@link NioConnection#close()}.
     */
    void onBadFrame(FrameDecodingException error);

    /**
     * The peer shut down its output (or the connection stopped reading for good): no frame follows.
     * The handler answers what it has and then closes the connection.
     */
    void onInputClosed();

    /** The connection is closed ({@link NioConnection#closeReason()} says why); release whatever belongs to it. */
    void onClosed();

    /**
     * True while a handler runs or waits to run for this connection, or a reply is pending (e.g. an
     * asynchronous one that has not completed): the idle timeout does not close such a connection.
     */
    default boolean hasWorkInFlight() {
        return false;
    }

    /**
     * True when this handler's replies are made off the loop (on business threads), which then may write them
     * to the socket themselves ({@link NioConnection#flushQueued()}, when
     * {@link ConnectionSettings#directWrite()} is on). Asked once, when the connection is made.
     */
    default boolean repliesOffLoop() {
        return false;
    }
}
