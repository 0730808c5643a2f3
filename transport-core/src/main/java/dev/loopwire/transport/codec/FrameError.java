package dev.loopwire.transport.codec;

/**
 * Why a frame was rejected. The {@link #tag()} is the low-cardinality value used for the {@code reason}
 * tag of metrics and in log lines.
 */
public enum FrameError {

    /** The frame (or a line without its delimiter) passed the configured maximum length. */
    TOO_LONG("too-long"),

    /** The header is corrupt: a negative length, or one smaller than the header itself. */
    CORRUPT("corrupt");

    private final String tag;

    FrameError(String tag) {
        this.tag = tag;
    }

    /** The metric/log tag for this reason, e.g. {@code too-long}. */
    public String tag() {
        return tag;
    }
}
