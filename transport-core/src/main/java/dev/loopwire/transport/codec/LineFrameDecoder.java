package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Cuts a byte stream into lines and strips their delimiter.
 *
 * <p>{@link LineDelimiter#LF}: a line ends at {@code \n}; a {@code \r} before it stays in the line.
 * <pre>
 * BEFORE decode                              AFTER decode
 * +--------------------------------+         +--------+ +-----------+
 * | "PING\n"  "GET k\r\n"  "PI"    |  -----> | "PING" | | "GET k\r" |   ("PI" waits)
 * +--------------------------------+         +--------+ +-----------+
 * </pre>
 *
 * <p>{@link LineDelimiter#CRLF}: a line ends at {@code \r\n}; a lone {@code \n} stays in the line.
 * <pre>
 * BEFORE decode                              AFTER decode
 * +--------------------------------+         +---------+ +---------+
 * | "A\nB\r\n"  "GET k\r\n"  "PI"  |  -----> | "A\nB"  | | "GET k" |   ("PI" waits)
 * +--------------------------------+         +---------+ +---------+
 * </pre>
 *
 * <p>{@link LineDelimiter#AUTO}: a line ends at {@code \n}, and one {@code \r} right before it is stripped.
 * <pre>
 * BEFORE decode                              AFTER decode
 * +--------------------------------+         +--------+ +---------+ +----+
 * | "PING\n"  "GET k\r\n"  "\n"    |  -----> | "PING" | | "GET k" | | "" |
 * +--------------------------------+         +--------+ +---------+ +----+
 * </pre>
 *
 * <p>Too long: {@code maxLineLength} counts the line without its delimiter. As soon as more than that many
 * bytes of one line are in the input without a delimiter, the line is rejected (for CRLF and AUTO a
 * {@code \r} just past the limit may still be the first half of {@code \r\n}, so the decoder waits for one
 * more byte); the decoder never needs more than {@link #maxFrameBytes()} bytes of a partial line. With
 * {@link TooLongFrameAction#CLOSE} it throws a non-recoverable {@link FrameError#TOO_LONG}. With
 * {@link TooLongFrameAction#DISCARD} it throws a recoverable one once, then drops everything up to and
 * including the next delimiter, consuming those bytes as they arrive, and decodes the following lines:
 * <pre>
 * maxLineLength = 4, DISCARD
 * BEFORE decode                              AFTER decode
 * +--------------------------------+         +------+             +--------+
 * | "OK\n"  "TOOLONG\n"  "NEXT\n"  |  -----> | "OK" |  TOO_LONG   | "NEXT" |
 * +--------------------------------+         +------+ recoverable +--------+
 * </pre>
 *
 * <p>The search for {@code \n} reads eight bytes at a time and remembers how far it got in a partial line,
 * so a long line arriving in many small reads is scanned once. It allocates nothing but the frame arrays.
 *
 * <p>One instance per connection, created by {@link LineFraming#newDecoder()}; loop thread only.
 */
final class LineFrameDecoder implements FrameDecoder {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final long ALL_LF = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;

    /** which line ending ends a line */
    private final LineDelimiter delimiter;
    /** the longest line accepted, delimiter not counted */
    private final int maxLineLength;
    /** what to do with a longer line */
    private final TooLongFrameAction tooLongAction;
    /** the most bytes one line takes in the input, delimiter included: maxLineLength + 1 (LF) or + 2 */
    private final int window;
    /** the message of every too-long error of this decoder (the same whatever the read sizes) */
    private final String tooLongMessage;

    /** bytes of the partial line at {@code in.position()} already searched for a delimiter; 0 between lines */
    private int scanned;
    /** true while dropping the rest of a too-long line up to its delimiter (DISCARD only) */
    private boolean discarding;

    /**
     * @param delimiter     the line ending to recognise
     * @param maxLineLength the longest line accepted, delimiter not counted; at least 1
     * @param tooLongAction what to do with a longer line
     */
    LineFrameDecoder(LineDelimiter delimiter, int maxLineLength, TooLongFrameAction tooLongAction) {
        this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
        this.tooLongAction = Objects.requireNonNull(tooLongAction, "tooLongAction");
        if (maxLineLength < 1 || maxLineLength > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException(
                    "maxLineLength must be between 1 and " + (Integer.MAX_VALUE - 2) + " bytes, was " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
        this.window = maxLineLength + (delimiter == LineDelimiter.LF ? 1 : 2);
        this.tooLongMessage = "line longer than " + maxLineLength + " bytes before its " + delimiter
                + " delimiter; max-line-length is " + maxLineLength
                + (tooLongAction == TooLongFrameAction.DISCARD ? " (line discarded)" : "");
    }

    /** {@inheritDoc} Loop thread only. */
    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws FrameDecodingException {
        final boolean littleEndian = in.order() == ByteOrder.LITTLE_ENDIAN;
        final int limit = in.limit();
        int start = in.position();
        if (discarding) {
            start = skipDiscarded(in, start, limit, littleEndian);
            if (discarding) {
                return;
            }
        }
        // the caller presents the partial line again: resume the search where the last call stopped
        int from = start + Math.min(scanned, limit - start);
        while (true) {
            int available = limit - start;
            int searchEnd = available > window ? start + window : limit;
            int lf = findDelimiter(in, start, from, searchEnd, littleEndian);
            if (lf < 0) {
                if (available > maxLineLength && (available >= window || in.get(start + maxLineLength) != CR)) {
                    tooLong(in, start, resumeAfterSearch(in, start, searchEnd), false);
                }
                scanned = available;
                in.position(start);
                return;
            }
            int end = delimiter != LineDelimiter.LF && lf > start && in.get(lf - 1) == CR ? lf - 1 : lf;
            if (end - start > maxLineLength) {
                // AUTO only: a "\n" one byte past the limit with no "\r" before it
                tooLong(in, start, lf + 1, true);
            }
            byte[] frame = new byte[end - start];
            in.get(start, frame);
            start = lf + 1;
            from = start;
            scanned = 0;
            in.position(start);
            sink.onFrame(frame);
        }
    }

    /** {@inheritDoc} Safe from any thread. */
    @Override
    public int maxFrameBytes() {
        return window;
    }

    /**
     * The index of the {@code \n} that ends the line starting at {@code start}, searching {@code [from, to)};
     * for CRLF only a {@code \n} preceded by a {@code \r} of the same line counts. -1 when there is none.
     */
    private int findDelimiter(ByteBuffer in, int start, int from, int to, boolean littleEndian) {
        int lf = indexOfLf(in, from, to, littleEndian);
        if (delimiter == LineDelimiter.CRLF) {
            while (lf >= 0 && (lf == start || in.get(lf - 1) != CR)) {
                lf = indexOfLf(in, lf + 1, to, littleEndian);
            }
        }
        return lf;
    }

    /**
     * Where dropping may resume after a too-long line was searched up to {@code searchEnd} without a
     * delimiter: all of it, except a last {@code \r} that CRLF still needs to recognise a {@code \r\n}.
     */
    private int resumeAfterSearch(ByteBuffer in, int start, int searchEnd) {
        if (delimiter == LineDelimiter.CRLF && searchEnd > start && in.get(searchEnd - 1) == CR) {
            return searchEnd - 1;
        }
        return searchEnd;
    }

    /**
     * Reports a too-long line: non-recoverable for CLOSE (position left at the line start); for DISCARD,
     * moves the position to {@code resumeAt} and, unless the delimiter is already consumed, enters the
     * discarding state.
     */
    private void tooLong(ByteBuffer in, int start, int resumeAt, boolean delimiterConsumed)
            throws FrameDecodingException {
        scanned = 0;
        if (tooLongAction == TooLongFrameAction.CLOSE) {
            in.position(start);
            throw new FrameDecodingException(FrameError.TOO_LONG, false, tooLongMessage);
        }
        discarding = !delimiterConsumed;
        in.position(resumeAt);
        throw new FrameDecodingException(FrameError.TOO_LONG, true, tooLongMessage);
    }

    /**
     * Drops bytes of a too-long line up to and including its delimiter. Returns the index after the
     * delimiter (and leaves the discarding state), or consumes the input and returns the new position,
     * keeping only a last {@code \r} that may start a CRLF.
     */
    private int skipDiscarded(ByteBuffer in, int start, int limit, boolean littleEndian) {
        int lf = findDelimiter(in, start, start, limit, littleEndian);
        if (lf >= 0) {
            discarding = false;
            in.position(lf + 1);
            return lf + 1;
        }
        int resume = resumeAfterSearch(in, start, limit);
        in.position(resume);
        return resume;
    }

    /**
     * The index of the first {@code \n} in {@code [from, to)} of {@code in}, or -1. Eight bytes at a time:
     * each word is XORed with eight {@code \n} so that a matching byte becomes zero, and an exact zero-byte
     * test (no carry crosses a byte, so no false hits in either byte order) marks it with its top bit.
     */
    static int indexOfLf(ByteBuffer in, int from, int to, boolean littleEndian) {
        int i = from;
        int lastWordStart = to - Long.BYTES;
        while (i <= lastWordStart) {
            long x = in.getLong(i) ^ ALL_LF;
            long zeroBytes = ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
            if (zeroBytes != 0) {
                int bit = littleEndian ? Long.numberOfTrailingZeros(zeroBytes) : Long.numberOfLeadingZeros(zeroBytes);
                return i + (bit >>> 3);
            }
            i += Long.BYTES;
        }
        for (; i < to; i++) {
            if (in.get(i) == LF) {
                return i;
            }
        }
        return -1;
    }
}
