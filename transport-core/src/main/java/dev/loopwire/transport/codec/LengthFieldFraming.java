package dev.loopwire.transport.codec;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Length-field framing: each frame carries its own length in a binary header field. This page is the one
 * place where every option is drawn; the decoder and encoder link here.
 *
 * <p>The frame length is computed as {@code lengthFieldOffset + lengthFieldLength + fieldValue +
 * lengthAdjustment}: the field value counts the bytes after the length field, corrected by
 * {@code lengthAdjustment}. The decoder then drops {@code initialBytesToStrip} bytes from the front of the
 * frame before delivering it. Each example below shows its parameters; a value marked {@code <-} differs
 * from {@link #defaults()}.
 *
 * <h2>1. The default: a 4-byte length that counts the body, header stripped</h2>
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 4
 * lengthAdjustment    = 0
 * initialBytesToStrip = 4 (the header)
 *
 * BEFORE decode (16 bytes)                       AFTER decode (12 bytes)
 * +-------------+----------------+               +----------------+
 * |   Length    | Actual Content |  ---------->  | Actual Content |
 * | 0x0000000C  | "HELLO, WORLD" |               | "HELLO, WORLD" |
 * +-------------+----------------+               +----------------+
 * </pre>
 *
 * <h2>2. The header kept</h2>
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 4
 * lengthAdjustment    = 0
 * initialBytesToStrip = 0  &lt;- keep the header
 *
 * BEFORE decode (16 bytes)                       AFTER decode (16 bytes)
 * +-------------+----------------+               +-------------+----------------+
 * |   Length    | Actual Content |  ---------->  |   Length    | Actual Content |
 * | 0x0000000C  | "HELLO, WORLD" |               | 0x0000000C  | "HELLO, WORLD" |
 * +-------------+----------------+               +-------------+----------------+
 * </pre>
 *
 * <h2>3. A 2-byte length</h2>
 * The bytes to strip follow the header when they were the whole header
 * ({@code defaults().lengthFieldLength(2)} strips 2).
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 2  &lt;-
 * lengthAdjustment    = 0
 * initialBytesToStrip = 2  &lt;- (follows the header)
 *
 * BEFORE decode (14 bytes)                    AFTER decode (12 bytes)
 * +--------+----------------+                 +----------------+
 * | Length | Actual Content |  ----------->   | Actual Content |
 * | 0x000C | "HELLO, WORLD" |                 | "HELLO, WORLD" |
 * +--------+----------------+                 +----------------+
 * </pre>
 *
 * <h2>4. The length counts the whole frame, header kept</h2>
 * The field value 16 includes its own 4 bytes, so the adjustment takes them off.
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 4
 * lengthAdjustment    = -4 &lt;- the field counts the header too
 * initialBytesToStrip = 0  &lt;-
 *
 * BEFORE decode (16 bytes)                       AFTER decode (16 bytes)
 * +-------------+----------------+               +-------------+----------------+
 * |   Length    | Actual Content |  ---------->  |   Length    | Actual Content |
 * | 0x00000010  | "HELLO, WORLD" |               | 0x00000010  | "HELLO, WORLD" |
 * +-------------+----------------+               +-------------+----------------+
 * </pre>
 *
 * <h2>5. A type byte before the length, whole header stripped</h2>
 * <pre>
 * lengthFieldOffset   = 1  &lt;- one type byte first
 * lengthFieldLength   = 4
 * lengthAdjustment    = 0
 * initialBytesToStrip = 5  &lt;- (follows the header: type + length)
 *
 * BEFORE decode (17 bytes)                              AFTER decode (12 bytes)
 * +------+-------------+----------------+               +----------------+
 * | Type |   Length    | Actual Content |  ---------->  | Actual Content |
 * | 0x07 | 0x0000000C  | "HELLO, WORLD" |               | "HELLO, WORLD" |
 * +------+-------------+----------------+               +----------------+
 * </pre>
 *
 * <h2>6. A type byte, a trailer the length does not count, only the type stripped</h2>
 * A 2-byte checksum follows the body; the field counts the body only, so the adjustment adds the trailer.
 * <pre>
 * lengthFieldOffset   = 1  &lt;-
 * lengthFieldLength   = 4
 * lengthAdjustment    = 2  &lt;- the 2-byte trailer
 * initialBytesToStrip = 1  &lt;- only the type byte
 *
 * BEFORE decode (19 bytes)                                 AFTER decode (18 bytes)
 * +------+-------------+----------------+--------+         +-------------+----------------+--------+
 * | Type |   Length    | Actual Content | Check  |  ---->  |   Length    | Actual Content | Check  |
 * | 0x07 | 0x0000000C  | "HELLO, WORLD" | 0xBEEF |         | 0x0000000C  | "HELLO, WORLD" | 0xBEEF |
 * +------+-------------+----------------+--------+         +-------------+----------------+--------+
 * </pre>
 *
 * <h2>7. Strip beyond the header: fixed bytes after the length dropped too</h2>
 * A frame shorter than {@code initialBytesToStrip} is skipped with a recoverable {@link FrameError#CORRUPT}.
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 4
 * lengthAdjustment    = 0
 * initialBytesToStrip = 6  &lt;- the header and a 2-byte version
 *
 * BEFORE decode (18 bytes)                                  AFTER decode (12 bytes)
 * +-------------+---------+----------------+                +----------------+
 * |   Length    | Version | Actual Content |  ----------->  | Actual Content |
 * | 0x0000000E  |  "v1"   | "HELLO, WORLD" |                | "HELLO, WORLD" |
 * +-------------+---------+----------------+                +----------------+
 * </pre>
 *
 * <h2>Rules</h2>
 * <p>The field is unsigned when it has 1, 2 or 3 bytes and signed when it has 4 or 8, in the configured
 * {@link #byteOrder(ByteOrder) byte order}. A length that is negative (a 4-byte value of 2<sup>31</sup> or more,
 * an 8-byte one of 2<sup>63</sup> or more), that makes the frame shorter than its own header, or that makes it
 * longer than {@code maxFrameLength} is rejected before any buffer is sized from it:
 * <ul>
 * <li>a negative field value or a frame length smaller than the header: non-recoverable
 *     {@link FrameError#CORRUPT};</li>
 * <li>a frame length above {@code maxFrameLength}: {@link FrameError#TOO_LONG}, non-recoverable for
 *     {@link TooLongFrameAction#CLOSE}; for {@link TooLongFrameAction#DISCARD} recoverable, reported once,
 *     after which exactly the announced number of bytes is dropped as it arrives;</li>
 * <li>a frame shorter than {@code initialBytesToStrip}: recoverable {@link FrameError#CORRUPT}; the frame,
 *     whose length is valid, is dropped the same way and decoding goes on after it.</li>
 * </ul>
 *
 * <h2>Encoding</h2>
 * <p>The encoder is the mirror image: it takes the frame without the length field, keeps its first
 * {@code lengthFieldOffset} bytes in front, inserts the field, and writes the rest. The field holds the number
 * of bytes after it minus {@code lengthAdjustment}; {@code initialBytesToStrip} plays no part.
 * <pre>
 * lengthFieldOffset   = 0
 * lengthFieldLength   = 4
 * lengthAdjustment    = 0
 *
 * BEFORE encode (5 bytes)      AFTER encode (9 bytes)
 * +---------+                  +------------+---------+
 * | "HELLO" |  ------------->  |   Length   | "HELLO" |
 * +---------+                  | 0x00000005 |         |
 *                              +------------+---------+
 * </pre>
 * <pre>
 * lengthFieldOffset   = 1  &lt;- the payload's first byte (a type) stays in front
 * lengthFieldLength   = 2  &lt;-
 * lengthAdjustment    = 0
 *
 * BEFORE encode (6 bytes)      AFTER encode (8 bytes)
 * +------+---------+           +------+--------+---------+
 * | Type | "HELLO" |  ------>  | Type | Length | "HELLO" |
 * | 0x07 |         |           | 0x07 | 0x0005 |         |
 * +------+---------+           +------+--------+---------+
 * </pre>
 *
 * <p>Immutable; safe from any thread.
 */
public final class LengthFieldFraming implements Framing {

    /** The default maximum frame length, header included: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;

    /** The length-field sizes this framing supports, for messages: {@value}. */
    public static final String SUPPORTED_LENGTH_FIELD_LENGTHS = "1, 2, 3, 4 or 8";

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
        if (!isSupportedLengthFieldLength(lengthFieldLength)) {
            throw new IllegalArgumentException("lengthFieldLength must be " + SUPPORTED_LENGTH_FIELD_LENGTHS
                    + " bytes, was " + lengthFieldLength);
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

    /** True when a length field of {@code bytes} bytes is supported ({@value #SUPPORTED_LENGTH_FIELD_LENGTHS}). */
    public static boolean isSupportedLengthFieldLength(int bytes) {
        return bytes == 1 || bytes == 2 || bytes == 3 || bytes == 4 || bytes == 8;
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
