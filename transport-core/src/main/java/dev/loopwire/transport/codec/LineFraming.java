package dev.loopwire.transport.codec;

import java.util.Objects;

/**
 * Line framing: each frame is one line, ended by a delimiter that the decoder strips and the encoder
 * appends.
 *
 * <pre>
 * BEFORE decode (delimiter AUTO)              AFTER decode
 * +--------------------------------+         +-----------+ +---------+
 * | "SET k v\r\n"  "GET k\n"  "PI" |  -----> | "SET k v" | | "GET k" |   ("PI" waits for more)
 * +--------------------------------+         +-----------+ +---------+
 * </pre>
 *
 * <p>{@code maxLineLength} bounds the line <em>without</em> its delimiter. A longer line is noticed as
 * soon as more than that many bytes have arrived without a delimiter (the decoder never buffers past the
 * limit), and handled by {@link TooLongFrameAction}. Immutable; safe from any thread.
 */
public final class LineFraming implements Framing {

    /** The default maximum line length: 8 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 8 * 1024;
    /** The longest line a decoder can hold with its longest delimiter (CRLF) in one array. */
    public static final int MAX_LINE_LENGTH = Integer.MAX_VALUE - 2;

    /** the line ending recognised and appended */
    private final LineDelimiter delimiter;
    /** the longest line accepted or written, delimiter not counted */
    private final int maxLineLength;
    /** what a decoder does with a longer line */
    private final TooLongFrameAction tooLongAction;
    /** the shared, stateless encoder */
    private final FrameEncoder encoder;

    private LineFraming(LineDelimiter delimiter, int maxLineLength, TooLongFrameAction tooLongAction) {
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        this.tooLongAction = Objects.requireNonNull(tooLongAction, "tooLongAction");
        if (maxLineLength < 1 || maxLineLength > MAX_LINE_LENGTH) {
            throw new IllegalArgumentException("maxLineLength must be between 1 and " + MAX_LINE_LENGTH
                    + " bytes, was " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.encoder = new LineFrameEncoder(delimiter, maxLineLength);
    }

    /** Lines ended by LF or CRLF, at most {@value #DEFAULT_MAX_LINE_LENGTH} bytes, too-long lines close. */
    public static LineFraming defaults() {
        return new LineFraming(LineDelimiter.AUTO, DEFAULT_MAX_LINE_LENGTH, TooLongFrameAction.CLOSE);
    }

    /** A copy with another delimiter. */
    public LineFraming delimiter(LineDelimiter newDelimiter) {
        return new LineFraming(newDelimiter, maxLineLength, tooLongAction);
    }

    /** A copy with another maximum line length (bytes, delimiter not counted; at least 1). */
    public LineFraming maxLineLength(int newMaxLineLength) {
        return new LineFraming(delimiter, newMaxLineLength, tooLongAction);
    }

    /** A copy with another action for lines longer than the maximum. */
    public LineFraming onTooLong(TooLongFrameAction action) {
        return new LineFraming(delimiter, maxLineLength, action);
    }

    /** The line ending recognised and appended. */
    public LineDelimiter delimiter() {
        return delimiter;
    }

    /** The longest line accepted or written, delimiter not counted. */
    public int maxLineLength() {
        return maxLineLength;
    }

    /** What a decoder does with a line longer than {@link #maxLineLength()}. */
    public TooLongFrameAction tooLongAction() {
        return tooLongAction;
    }

    /** {@inheritDoc} Safe from any thread; the decoder itself is loop thread only. */
    @Override
    public FrameDecoder newDecoder() {
        return new LineFrameDecoder(delimiter, maxLineLength, tooLongAction);
    }

    /** {@inheritDoc} Safe from any thread. */
    @Override
    public FrameEncoder encoder() {
        return encoder;
    }

    /**
     * {@inheritDoc} This is {@code maxLineLength} plus the longest delimiter: 1 byte for LF, 2 for CRLF and
     * AUTO (which accepts {@code \r\n}).
     */
    @Override
    public int maxFrameBytes() {
        return maxLineLength + (delimiter == LineDelimiter.LF ? 1 : 2);
    }

    @Override
    public String toString() {
        return "LineFraming[delimiter=" + delimiter + ", maxLineLength=" + maxLineLength
                + ", onTooLong=" + tooLongAction + "]";
    }
}
