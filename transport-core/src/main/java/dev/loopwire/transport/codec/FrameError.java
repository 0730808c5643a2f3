package dev.loopwire.transport.codec;

/**
 * Why a frame was rejected. The {@link #tag()} is the low-cardinality value used for the {@code reason}
 * tag of metrics and in log lines.
 */
public enum FrameError {

    /** The frame (or a line without its delimiter) passed the configured maximum length. */
    TOO_LONG("too-long"),

    /**
     * The header is corrupt: a negative length or one smaller than the header itself (the stream cannot be
     * resynchronised), or a frame shorter than the bytes to strip from it (that frame is skipped).
     */
    CORRUPT("corrupt");

    /** the metric/log tag */
    private final String tag;

    FrameError(String tag) {
        this.tag = tag;
    }

    /** The metric/log tag for this reason, e.g. {@code too-long}. */
    public String tag() {
        return tag;
    }
}
