package dev.loopwire.transport;

import dev.loopwire.transport.codec.FrameDecodingException;

/**
 * Decides what a connection answers when a frame cannot be decoded or its handler fails. Called on the
 * thread where the failure happened (loop thread for decoding, handler thread for handler failures);
 * implementations must be thread-safe and must not block. The server counts and logs each failure
 * before asking.
 */
public interface FailurePolicy {

    /**
     * The reply to a handler failure.
     *
     * @return the error reply payload (the connection stays open), or {@code null} to close it
     */
    byte[] onHandlerFailure(Connection connection, Throwable failure);

    /**
     * The reply to a frame that could not be decoded. When the error is not
     * {@linkplain FrameDecodingException#recoverable() recoverable}, the connection is closed after
     * this reply anyway.
     *
     * @return the error reply payload, or {@code null} to close the connection without one
     */
    byte[] onBadFrame(Connection connection, FrameDecodingException failure);

    /** Close the connection on every failure, without a reply. The default. */
    static FailurePolicy close() {
        return new FailurePolicy() {
            @Override
            public byte[] onHandlerFailure(Connection connection, Throwable failure) {
                return null;
            }

            @Override
            public byte[] onBadFrame(Connection connection, FrameDecodingException failure) {
                return null;
            }

            @Override
            public String toString() {
                return "FailurePolicy.close()";
            }
        };
    }
}
