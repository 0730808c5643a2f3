package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameError;

/**
 * Traffic and lifecycle events of connections, for statistics. Called on the connection's loop thread
 * (except where noted); implementations must be cheap and must not block: they run on the hot path.
 * {@link #bytesWritten} and the direct-write events are also called on business threads that write replies
 * themselves ({@link DirectWriter}), so implementations must be thread-safe.
 */
public interface ConnectionEvents {

    /** {@code bytes} were read from the socket. */
    void bytesRead(int bytes);

    /** {@code bytes} were written to the socket. */
    void bytesWritten(long bytes);

    /** {@code frames} frames were decoded in one read event. */
    void framesReceived(int frames);

    /** The decoder rejected input for this reason. */
    void frameRejected(FrameError reason);

    /** The connection stopped ({@code true}) or resumed ({@code false}) reading because of its write backlog. */
    void writeBacklogPause(boolean paused);

    /** The connection closed, for {@code reason}. */
    void closed(NioConnection connection, CloseReason reason);

    /** Reading or writing failed (peer reset, broken pipe); the connection is closed at once. */
    default void connectionReset() {
    }

    /** The peer ended its input with {@code bytes} of a partial frame pending; they are dropped. */
    default void partialFrameDropped(int bytes) {
    }

    /** The connection's output is shut down and it reads and discards input until the peer's EOF. */
    default void lingeringCloseStarted() {
    }

    /** A lingering close ended at its timeout, before the peer's EOF; the socket is closed anyway. */
    default void lingerTimedOut() {
    }

    /** {@code bytes} read while lingering were discarded, never decoded (not in {@link #bytesRead}). */
    default void lingerBytesDiscarded(int bytes) {
    }

    /**
     * A business thread wrote to the socket itself: {@code frames} frames left whole, and {@code partial} says
     * the socket did not take everything (the rest went to the loop). Called on that business thread.
     */
    default void directWrite(int frames, boolean partial) {
    }

    /**
     * A business thread left its frames to the loop: the write token was taken or frames waited ahead of
     * them. Called on that business thread.
     */
    default void directWriteDeferred() {
    }

    /** A business thread's direct write failed (peer reset); the loop closes the connection. Business thread. */
    default void directWriteFailed() {
    }

    /** Events that go nowhere. */
    ConnectionEvents NONE = new ConnectionEvents() {
        @Override
        public void bytesRead(int bytes) {
        }

        @Override
        public void bytesWritten(long bytes) {
        }

        @Override
        public void framesReceived(int frames) {
        }

        @Override
        public void frameRejected(FrameError reason) {
        }

        @Override
        public void writeBacklogPause(boolean paused) {
        }

        @Override
        public void closed(NioConnection connection, CloseReason reason) {
        }
    };
}
