package dev.loopwire.transport.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Writes one frame with a length field, the mirror image of {@link LengthFieldFrameDecoder}: the payload is
 * the frame without its length field; its first {@code lengthFieldOffset} bytes stay in front, the field is
 * inserted after them, and the rest follows. The field holds the number of bytes after it minus
 * {@code lengthAdjustment}, in the configured size and byte order. {@code initialBytesToStrip} plays no part.
 *
 * The options and their byte diagrams, encoding included, are documented in {@link LengthFieldFraming}.
 *
 * <p>{@link #encode} makes one array per frame; {@link #encodeWrapped} makes only the header (the bytes before
 * the field and the field) and writes the rest of the payload from the caller's array. Stateless; safe from
 * any thread.
 */
final class LengthFieldFrameEncoder implements FrameEncoder {

    /** bytes of the payload written before the length field */
    private final int lengthFieldOffset;
    /** size of the length field: 1, 2, 3, 4 or 8 */
    private final int lengthFieldLength;
    /** subtracted from the number of bytes after the field to get the field value */
    private final int lengthAdjustment;
    /** true for a big-endian field */
    private final boolean bigEndian;
    /** the longest frame written, length field included */
    private final int maxFrameLength;
    /** the largest value the field holds and the decoder reads as non-negative */
    private final long maxFieldValue;

    /** @param framing the framing options, already validated by {@link LengthFieldFraming} */
    LengthFieldFrameEncoder(LengthFieldFraming framing) {
        Objects.requireNonNull(framing, "framing");
        this.lengthFieldOffset = framing.lengthFieldOffset();
        this.lengthFieldLength = framing.lengthFieldLength();
        this.lengthAdjustment = framing.lengthAdjustment();
        this.bigEndian = framing.byteOrder() == ByteOrder.BIG_ENDIAN;
        this.maxFrameLength = framing.maxFrameLength();
        this.maxFieldValue = lengthFieldLength == 8 ? Long.MAX_VALUE
                : lengthFieldLength == 4 ? Integer.MAX_VALUE
                : (1L << (8 * lengthFieldLength)) - 1;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the payload is shorter than the length field offset, if the frame
     *         would be longer than the maximum frame length, or if the field value is negative or does not fit
     *         the field
     */
    @Override
    public ByteBuffer encode(byte[] payload) {
        int length = payload.length;
        long fieldValue = checkedFieldValue(length);
        byte[] out = new byte[length + lengthFieldLength];
        System.arraycopy(payload, 0, out, 0, lengthFieldOffset);
        writeLengthField(out, lengthFieldOffset, fieldValue);
        System.arraycopy(payload, lengthFieldOffset, out, lengthFieldOffset + lengthFieldLength,
                length - lengthFieldOffset);
        return ByteBuffer.wrap(out);
    }

    /**
     * {@inheritDoc} Two buffers: the header (bytes before the field, then the field) and the rest of the
     * payload.
     *
     * @throws IllegalArgumentException as {@link #encode(byte[])}
     */
    @Override
    public ByteBuffer[] encodeWrapped(byte[] payload) {
        int length = payload.length;
        long fieldValue = checkedFieldValue(length);
        byte[] header = new byte[lengthFieldOffset + lengthFieldLength];
        System.arraycopy(payload, 0, header, 0, lengthFieldOffset);
        writeLengthField(header, lengthFieldOffset, fieldValue);
        return new ByteBuffer[] {ByteBuffer.wrap(header),
                ByteBuffer.wrap(payload, lengthFieldOffset, length - lengthFieldOffset)};
    }

    /**
     * {@inheritDoc} Two buffers: the header (the payload's bytes before the field, then the field) and
     * {@code payload} itself from after those bytes: no copy of the body.
     *
     * @throws IllegalArgumentException as {@link #encode(byte[])}
     */
    @Override
    public ByteBuffer[] encodeBuffer(ByteBuffer payload) {
        int length = payload.remaining();
        long fieldValue = checkedFieldValue(length);
        byte[] header = new byte[lengthFieldOffset + lengthFieldLength];
        payload.get(payload.position(), header, 0, lengthFieldOffset);
        writeLengthField(header, lengthFieldOffset, fieldValue);
        if (lengthFieldOffset > 0) {
            payload.position(payload.position() + lengthFieldOffset);
        }
        return new ByteBuffer[] {ByteBuffer.wrap(header), payload};
    }

    /** The length field value for a payload of {@code length} bytes, after checking it can be framed. */
    private long checkedFieldValue(int length) {
        if (length < lengthFieldOffset) {
            throw new IllegalArgumentException("payload is " + length + " bytes, shorter than length-field-offset ("
                    + lengthFieldOffset + "): the bytes before the length field are part of the payload");
        }
        long frameLength = (long) length + lengthFieldLength;
        if (frameLength > maxFrameLength) {
            throw new IllegalArgumentException("frame would be " + frameLength + " bytes (" + length
                    + "-byte payload + " + lengthFieldLength + "-byte length field); max-frame-length is "
                    + maxFrameLength);
        }
        long fieldValue = (long) (length - lengthFieldOffset) - lengthAdjustment;
        if (fieldValue < 0) {
            throw new IllegalArgumentException("length field value would be negative (" + fieldValue + "): "
                    + (length - lengthFieldOffset) + " bytes after the field minus length-adjustment "
                    + lengthAdjustment);
        }
        if (fieldValue > maxFieldValue) {
            throw new IllegalArgumentException("length field value " + fieldValue + " does not fit a "
                    + lengthFieldLength + "-byte length field (at most " + maxFieldValue + ")");
        }
        return fieldValue;
    }

    /** Writes the low {@code lengthFieldLength} bytes of {@code value} at {@code index}. */
    private void writeLengthField(byte[] out, int index, long value) {
        int last = lengthFieldLength - 1;
        for (int i = 0; i <= last; i++) {
            out[index + (bigEndian ? last - i : i)] = (byte) (value >>> (8 * i));
        }
    }
}
