package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writes one reply line: the payload followed by {@code \n} ({@link LineDelimiter#LF} and
 * {@link LineDelimiter#AUTO}) or {@code \r\n} ({@link LineDelimiter#CRLF}).
 * <pre>
 * BEFORE encode (CRLF)        AFTER encode
 * +-------+                   +-----------+
 * | "OK"  |  ------------->   | "OK\r\n"  |
 * +-------+                   +-----------+
 * </pre>
 *
 * <p>The payload is written as it is: a delimiter inside it reaches the peer as a line break, which is how a
 * handler sends a multi-line reply. {@link #encode} makes one array per frame; {@link #encodeWrapped} writes the
 * payload array itself followed by a shared read-only delimiter. Stateless; safe from any thread.
 */
final class LineFrameEncoder implements FrameEncoder {

    private static final ByteBuffer LF_BYTES = ByteBuffer.wrap(new byte[] {'\n'}).asReadOnlyBuffer();
    private static final ByteBuffer CRLF_BYTES = ByteBuffer.wrap(new byte[] {'\r', '\n'}).asReadOnlyBuffer();

    /** true when lines end in {@code \r\n}, false for {@code \n} */
    private final boolean crlf;
    /** the longest payload accepted, delimiter not counted */
    private final int maxLineLength;

    /**
     * @param delimiter     the line ending to append ({@code \n} for LF and AUTO, {@code \r\n} for CRLF)
     * @param maxLineLength the longest payload accepted, delimiter not counted; at least 1
     */
    LineFrameEncoder(LineDelimiter delimiter, int maxLineLength) {
        Objects.requireNonNull(delimiter, "delimiter");
        if (maxLineLength < 1 || maxLineLength > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException(
                    "maxLineLength must be between 1 and " + (Integer.MAX_VALUE - 2) + " bytes, was " + maxLineLength);
        }
        this.crlf = delimiter == LineDelimiter.CRLF;
        this.maxLineLength = maxLineLength;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the payload is longer than the maximum line length
     */
    @Override
    public ByteBuffer encode(byte[] payload) {
        int length = checkLength(payload);
        byte[] out = new byte[length + (crlf ? 2 : 1)];
        System.arraycopy(payload, 0, out, 0, length);
        if (crlf) {
            out[length] = '\r';
            out[length + 1] = '\n';
        } else {
            out[length] = '\n';
        }
        return ByteBuffer.wrap(out);
    }

    /**
     * {@inheritDoc} Two buffers: the payload and the delimiter.
     *
     * @throws IllegalArgumentException if the payload is longer than the maximum line length
     */
    @Override
    public ByteBuffer[] encodeWrapped(byte[] payload) {
        checkLength(payload);
        return new ByteBuffer[] {ByteBuffer.wrap(payload), (crlf ? CRLF_BYTES : LF_BYTES).duplicate()};
    }

    private int checkLength(byte[] payload) {
        int length = payload.length;
        if (length > maxLineLength) {
            throw new IllegalArgumentException("reply line is " + length + " bytes; max-line-length is "
                    + maxLineLength + " (delimiter not counted)");
        }
        return length;
    }
}
