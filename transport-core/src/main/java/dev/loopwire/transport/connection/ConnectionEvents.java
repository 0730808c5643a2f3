package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameError;

/**
 * Traffic and lifecycle events of connections, for statistics. Called on the connection's loop thread
 * (except where noted); implementations must be cheap and must not block: they run on the hot path.
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
