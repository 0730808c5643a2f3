package dev.loopwire.transport.codec;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Length-field framing: each frame carries its own length in a binary header field.
 *
 * <p>The frame length is computed as {@code offset + fieldLength + fieldValue + adjustment}: the field
 * value counts the bytes after the length field, corrected by {@code lengthAdjustment}. The decoder
 * then drops {@code initialBytesToStrip} bytes from the front of the frame before delivering it.
 *
 * <p>The default: a 4-byte big-endian length at offset 0 counting the body, header stripped.
 * <pre>
 * BEFORE decode (14 bytes)                    AFTER decode (12 bytes)
 * +--------+----------------+                 +----------------+
 * | Length | Actual Content |  ----------->   | Actual Content |
 * | 0x000C | "HELLO, WORLD" |                 | "HELLO, WORLD" |
 * +--------+----------------+                 +----------------+
 * (2-byte field shown for brevity)
 * </pre>
 *
 * <p>Length counts the whole frame, header kept ({@code lengthAdjustment = -2}, strip 0):
 * <pre>
 * BEFORE decode (14 bytes)                    AFTER decode (14 bytes)
 * +--------+----------------+                 +--------+----------------+
 * | Length | Actual Content |  ----------->   | Length | Actual Content |
 * | 0x000E | "HELLO, WORLD" |                 | 0x000E | "HELLO, WORLD" |
 * +--------+----------------+                 +--------+----------------+
 * </pre>
 *
 * <p>A type byte before the length ({@code lengthFieldOffset = 1}, strip 3):
 * <pre>
 * BEFORE decode (15 bytes)                       AFTER decode (12 bytes)
 * +------+--------+----------------+             +----------------+
 * | Type | Length | Actual Content |  -------->  | Actual Content |
 * | 0x07 | 0x000C | "HELLO, WORLD" |             | "HELLO, WORLD" |
 * +------+--------+----------------+             +----------------+
 * </pre>
 *
 * <p>{@code initialBytesToStrip} may be larger than the header, to drop fixed bytes that follow the length
 * field too; a frame shorter than it is skipped with a recoverable {@link FrameError#CORRUPT}.
 *
 * <p>The field is unsigned when it has 1, 2 or 3 bytes and signed when it has 4 or 8. A length that is
 * negative (a 4-byte value of 2<sup>31</sup> or more, an 8-byte one of 2<sup>63</sup> or more), that
 * makes the frame shorter than its own header, or that makes it longer than {@code maxFrameLength}
 * is rejected before any buffer is sized from it. The encoder is the mirror image: it takes the
 * frame without the length field, keeps its first {@code lengthFieldOffset} bytes in front, inserts
 * the field, and writes the rest. Immutable; safe from any thread.
 */
public final class LengthFieldFraming implements Framing {

    /** The default maximum frame length, header included: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

    /** bytes before the length field */
    private final int lengthFieldOffset;
    /** size of the length field: 1, 2, 3, 4 or 8 bytes */
    private final int lengthFieldLength;
    /** added to the field value to get the number of bytes after the field */
    private final int lengthAdjustment;
    /** bytes dropped from the front of each decoded frame */
    private final int initialBytesToStrip;
    /** the order of the length field on the wire */
    private final ByteOrder byteOrder;
    /** the longest frame accepted or written, header included */
    private final int maxFrameLength;
    /** what a decoder does with a frame that announces more than maxFrameLength */
    private final TooLongFrameAction tooLongAction;
    /** the shared, stateless encoder */
    private final FrameEncoder encoder;

    private LengthFieldFraming(int lengthFieldOffset, int lengthFieldLength, int lengthAdjustment,
            int initialBytesToStrip, ByteOrder byteOrder, int maxFrameLength, TooLongFrameAction tooLongAction) {
        if (lengthFieldLength != 1 && lengthFieldLength != 2 && lengthFieldLength != 3
                && lengthFieldLength != 4 && lengthFieldLength != 8) {
            throw new IllegalArgumentException(
                    "lengthFieldLength must be 1, 2, 3, 4 or 8 bytes, was " + lengthFieldLength);
        }
        if (lengthFieldOffset < 0) {
            throw new IllegalArgumentException("lengthFieldOffset must be 0 or more, was " + lengthFieldOffset);
        }
        long headerLength = (long) lengthFieldOffset + lengthFieldLength;
        if (maxFrameLength <= headerLength) {
            throw new IllegalArgumentException("maxFrameLength (" + maxFrameLength
                    + ") must be larger than the header (lengthFieldOffset + lengthFieldLength = " + headerLength + ")");
        }
        if (initialBytesToStrip < 0) {
            throw new IllegalArgumentException("initialBytesToStrip must be 0 or more, was " + initialBytesToStrip);
        }
        if (initialBytesToStrip > maxFrameLength) {
            throw new IllegalArgumentException("initialBytesToStrip (" + initialBytesToStrip
                    + ") must not exceed maxFrameLength (" + maxFrameLength + ")");
        }
        this.lengthFieldOffset = lengthFieldOffset;
        this.lengthFieldLength = lengthFieldLength;
        this.lengthAdjustment = lengthAdjustment;
        this.initialBytesToStrip = initialBytesToStrip;
        this.byteOrder = Objects.requireNonNull(byteOrder, "byteOrder");
        this.maxFrameLength = maxFrameLength;
        this.tooLongAction = Objects.requireNonNull(tooLongAction, "tooLongAction");
        this.encoder = new LengthFieldFrameEncoder(this);
    }

    /**
     * A 4-byte big-endian length at offset 0 that counts the body, header stripped, frames up to
     * {@value #DEFAULT_MAX_FRAME_LENGTH} bytes, too-long frames close the connection.
     */
    public static LengthFieldFraming defaults() {
        return new LengthFieldFraming(0, 4, 0, 4, ByteOrder.BIG_ENDIAN, DEFAULT_MAX_FRAME_LENGTH,
                TooLongFrameAction.CLOSE);
    }

    /**
     * A copy whose length field has another size (1, 2, 3, 4 or 8 bytes). The bytes to strip follow
     * when they were the whole header, so {@code defaults().lengthFieldLength(2)} still strips the header.
     */
    public LengthFieldFraming lengthFieldLength(int newLength) {
        int strip = initialBytesToStrip == headerLength() ? lengthFieldOffset + newLength : initialBytesToStrip;
        return new LengthFieldFraming(lengthFieldOffset, newLength, lengthAdjustment, strip, byteOrder,
                maxFrameLength, tooLongAction);
    }

    /**
     * A copy whose length field starts {@code newOffset} bytes into the frame. The bytes to strip follow
     * when they were the whole header.
     */
    public LengthFieldFraming lengthFieldOffset(int newOffset) {
        int strip = initialBytesToStrip == headerLength() ? newOffset + lengthFieldLength : initialBytesToStrip;
        return new LengthFieldFraming(newOffset, lengthFieldLength, lengthAdjustment, strip, byteOrder,
                maxFrameLength, tooLongAction);
    }

    /** A copy with another value added to the length field to get the number of bytes after it. */
    public LengthFieldFraming lengthAdjustment(int newAdjustment) {
        return new LengthFieldFraming(lengthFieldOffset, lengthFieldLength, newAdjustment, initialBytesToStrip,
                byteOrder, maxFrameLength, tooLongAction);
    }

    /**
     * A copy that strips another number of bytes from the front of each decoded frame (0 to
     * {@code maxFrameLength}; usually 0 or the header length).
     */
    public LengthFieldFraming initialBytesToStrip(int newStrip) {
        return new LengthFieldFraming(lengthFieldOffset, lengthFieldLength, lengthAdjustment, newStrip,
                byteOrder, maxFrameLength, tooLongAction);
    }

    /** A copy that reads and writes the length field in another byte order. */
    public LengthFieldFraming byteOrder(ByteOrder newOrder) {
        return new LengthFieldFraming(lengthFieldOffset, lengthFieldLength, lengthAdjustment, initialBytesToStrip,
                newOrder, maxFrameLength, tooLongAction);
    }

    /** A copy with another maximum frame length (bytes, header included). */
    public LengthFieldFraming maxFrameLength(int newMax) {
        return new LengthFieldFraming(lengthFieldOffset, lengthFieldLength, lengthAdjustment, initialBytesToStrip,
                byteOrder, newMax, tooLongAction);
    }

    /** A copy with another action for frames that announce more than the maximum. */
    public LengthFieldFraming onTooLong(TooLongFrameAction action) {
        return new LengthFieldFraming(lengthFieldOffset, lengthFieldLength, lengthAdjustment, initialBytesToStrip,
                byteOrder, maxFrameLength, action);
    }

    /** Bytes before the length field. */
    public int lengthFieldOffset() {
        return lengthFieldOffset;
    }

    /** Size of the length field: 1, 2, 3, 4 or 8 bytes. */
    public int lengthFieldLength() {
        return lengthFieldLength;
    }

    /** Added to the field value to get the number of bytes after the field (may be negative). */
    public int lengthAdjustment() {
        return lengthAdjustment;
    }

    /** Bytes dropped from the front of each decoded frame. */
    public int initialBytesToStrip() {
        return initialBytesToStrip;
    }

    /** The byte order of the length field. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** The longest frame accepted or written, header included. */
    public int maxFrameLength() {
        return maxFrameLength;
    }

    /** What a decoder does with a frame that announces more than {@link #maxFrameLength()}. */
    public TooLongFrameAction tooLongAction() {
        return tooLongAction;
    }

    /** {@code lengthFieldOffset + lengthFieldLength}: the bytes up to the end of the length field. */
    public int headerLength() {
        return lengthFieldOffset + lengthFieldLength;
    }

    /** {@inheritDoc} Safe from any thread; the decoder itself is loop thread only. */
    @Override
    public FrameDecoder newDecoder() {
        return new LengthFieldFrameDecoder(this);
    }

    /** {@inheritDoc} Safe from any thread. */
    @Override
    public FrameEncoder encoder() {
        return encoder;
    }

    /** {@inheritDoc} This is {@link #maxFrameLength()}. */
    @Override
    public int maxFrameBytes() {
        return maxFrameLength;
    }

    @Override
    public String toString() {
        return "LengthFieldFraming[offset=" + lengthFieldOffset + ", length=" + lengthFieldLength
                + ", adjustment=" + lengthAdjustment + ", strip=" + initialBytesToStrip + ", order=" + byteOrder
                + ", maxFrameLength=" + maxFrameLength + ", onTooLong=" + tooLongAction + "]";
    }
}
