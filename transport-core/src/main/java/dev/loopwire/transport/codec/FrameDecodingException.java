package dev.loopwire.transport.codec;

/**
 * Thrown by a {@link FrameDecoder} when the input breaks the framing rules.
 *
 * <p>These are protocol events caused by a peer, not bugs, so no stack trace is captured: a peer that
 * sends a stream of bad frames costs the server little.
 */
public class FrameDecodingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** what kind of violation this is */
    private final FrameError error;
    /** true when the decoder skipped the bad bytes and can go on decoding the same stream */
    private final boolean recoverable;

    /**
     * @param error       the kind of violation
     * @param recoverable whether decoding may continue after the decoder skipped the offending bytes
     * @param message     a message for logs that says what was wrong and which limit applies
     */
    public FrameDecodingException(FrameError error, boolean recoverable, String message) {
        super(message, null, false, false);
        this.error = error;
        this.recoverable = recoverable;
    }

    /** The kind of violation. */
    public FrameError error() {
        return error;
    }

    /**
     * Whether the decoder has skipped the offending bytes and can decode the rest of the stream. When
     * false, the connection must be closed (after an optional error reply).
     */
    public boolean recoverable() {
        return recoverable;
    }
}
