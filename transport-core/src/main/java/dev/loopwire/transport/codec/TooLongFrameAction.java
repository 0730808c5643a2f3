package dev.loopwire.transport.codec;

/** What a decoder does when a frame passes its maximum length. */
public enum TooLongFrameAction {

    /**
     * Report a non-recoverable {@link FrameError#TOO_LONG}: the connection is closed (after the
     * optional error reply). The safe default for untrusted peers.
     */
    CLOSE,

    /**
     * Report a recoverable {@link FrameError#TOO_LONG} as soon as the limit is passed, then drop the
     * rest of the frame without buffering it (up to the next delimiter, or the announced length) and
     * go on with the next frame.
     */
    DISCARD
}
