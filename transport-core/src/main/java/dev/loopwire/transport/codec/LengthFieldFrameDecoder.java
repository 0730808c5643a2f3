package dev.loopwire.transport.codec;

import dev.loopwire.transport.buffer.PooledBuffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts frames whose header carries their length, as described by a {@link LengthFieldFraming}: the options,
 * their byte diagrams and the rules for bad headers (rejected before any buffer is sized from them) are all
 * documented there.
 *
 * <p>A frame whose header has arrived but not all of its bytes is consumed into the array it will be delivered
 * in, and the rest is appended there as it arrives (see {@link #bufferedBytes()}): a large frame is copied once,
 * from the read buffer into its own array, rather than through a carry-over buffer first. The array grows as
 * bytes arrive, never past twice what the peer sent, so announcing a large frame and sending little of it costs
 * the peer as much as it costs the server.
 *
 * <p>Given a {@link BufferFrameSink}, the decoder delivers a frame that lies whole in the input as a view of
 * the input (no copy), and gathers a frame that spans reads in a pooled buffer the sink lends, of the frame's
 * size class, instead of an array; when the sink has none to lend it falls back to the array.
 *
 * <p>One instance per connection, created by {@link LengthFieldFraming#newDecoder()}; loop thread only.
 */
final class LengthFieldFrameDecoder implements FrameDecoder {

    private static final byte[] NO_BYTES = new byte[0];

    /** bytes before the length field */
    private final int lengthFieldOffset;
    /** size of the length field: 1, 2, 3, 4 or 8 */
    private final int lengthFieldLength;
    /** lengthFieldOffset + lengthFieldLength: what must be in the input before the length is known */
    private final int headerLength;
    /** added to the field value to get the number of bytes after the field */
    private final int lengthAdjustment;
    /** bytes dropped from the front of each frame before delivery */
    private final int initialBytesToStrip;
    /** the order of the length field on the wire */
    private final ByteOrder byteOrder;
    /** the longest frame accepted, header included */
    private final int maxFrameLength;
    /** what to do with a frame longer than maxFrameLength */
    private final TooLongFrameAction tooLongAction;

    /** bytes of a rejected frame still to drop before the next header; 0 when decoding normally */
    private long bytesToSkip;
    /** the frame being filled as its bytes arrive (header stripped), or null; grows to its final length */
    private byte[] partialFrame;
    /** bytes of {@link #partialFrame} filled so far */
    private int partialFilled;
    /** the length the partial frame will have when delivered */
    private int partialLength;
    /** the pooled buffer a partial frame is gathered in (instead of {@link #partialFrame}), or null */
    private PooledBuffer partialBuffer;

    /** @param framing the framing options, already validated by {@link LengthFieldFraming} */
    LengthFieldFrameDecoder(LengthFieldFraming framing) {
        Objects.requireNonNull(framing, "framing");
        this.lengthFieldOffset = framing.lengthFieldOffset();
        this.lengthFieldLength = framing.lengthFieldLength();
        this.headerLength = framing.headerLength();
        this.lengthAdjustment = framing.lengthAdjustment();
        this.initialBytesToStrip = framing.initialBytesToStrip();
        this.byteOrder = framing.byteOrder();
        this.maxFrameLength = framing.maxFrameLength();
        this.tooLongAction = framing.tooLongAction();
    }

    /** {@inheritDoc} Loop thread only. */
    @Override
    public void decode(ByteBuffer in, FrameSink sink) throws FrameDecodingException {
        int position = in.position();
        final int limit = in.limit();
        if (bytesToSkip > 0) {
            position = skip(in, position, limit);
            if (bytesToSkip > 0) {
                return;
            }
        }
        BufferFrameSink buffers = sink instanceof BufferFrameSink bufferSink ? bufferSink : null;
        if (partialBuffer != null) {
            position = fillPartialBuffer(in, position, limit, buffers);
            if (partialBuffer != null) {
                return;
            }
        }
        if (partialFrame != null) {
            position = fillPartialFrame(in, position, limit, sink);
            if (partialFrame != null) {
                return;
            }
        }
        final boolean swap = in.order() != byteOrder;
        while (limit - position >= headerLength) {
            long fieldValue = readLengthField(in, position + lengthFieldOffset, swap);
            if (fieldValue < 0) {
                throw new FrameDecodingException(FrameError.CORRUPT, false, "length field is negative ("
                        + fieldValue + "); max-frame-length is " + maxFrameLength);
            }
            // fieldValue < 2^63 and extra < 2^33: the exact sum fits an unsigned long when it overflows a signed one
            long extra = (long) headerLength + lengthAdjustment;
            long frameLength = fieldValue + extra;
            boolean overflow = extra > 0 && fieldValue > Long.MAX_VALUE - extra;
            if (!overflow && frameLength < headerLength) {
                throw new FrameDecodingException(FrameError.CORRUPT, false, "length field " + fieldValue
                        + " with length-adjustment " + lengthAdjustment + " announces a " + frameLength
                        + "-byte frame, shorter than its " + headerLength + "-byte header");
            }
            if (overflow || frameLength > maxFrameLength) {
                tooLong(in, position, limit, overflow ? Long.MAX_VALUE : frameLength,
                        Long.toUnsignedString(frameLength));
            }
            int length = (int) frameLength;
            if (initialBytesToStrip > length) {
                bytesToSkip = length;
                skip(in, position, limit);
                throw new FrameDecodingException(FrameError.CORRUPT, true, "initial-bytes-to-strip ("
                        + initialBytesToStrip + ") is larger than the " + length
                        + "-byte frame the length field announces (frame skipped)");
            }
            if (limit - position < length) {
                position = startPartialFrame(in, position, limit, length, sink, buffers);
                break;
            }
            if (buffers != null) {
                int start = position + initialBytesToStrip;
                position += length;
                in.position(position);
                buffers.onFrame(in, start, length - initialBytesToStrip);
                continue;
            }
            byte[] frame = new byte[length - initialBytesToStrip];
            in.get(position + initialBytesToStrip, frame);
            position += length;
            in.position(position);
            sink.onFrame(frame);
        }
        in.position(position);
    }

    /** {@inheritDoc} Safe from any thread. */
    @Override
    public int maxFrameBytes() {
        return maxFrameLength;
    }

    /** {@inheritDoc} Loop thread only. */
    @Override
    public int bufferedBytes() {
        return partialFrame == null && partialBuffer == null ? 0 : initialBytesToStrip + partialFilled;
    }

    /** {@inheritDoc} Loop thread only. */
    @Override
    public void releaseBuffers() {
        if (partialBuffer != null) {
            PooledBuffer buffer = partialBuffer;
            partialBuffer = null;
            partialFilled = 0;
            buffer.release();
        }
    }

    /**
     * A frame of {@code length} bytes starts at {@code position} but ends past {@code limit}. If the bytes to
     * strip are here, consumes what is here into the array the frame will be delivered in; otherwise leaves
     * it all to the caller. Returns the new position.
     */
    private int startPartialFrame(ByteBuffer in, int position, int limit, int length, FrameSink sink,
            BufferFrameSink buffers) {
        int available = limit - position;
        if (available < initialBytesToStrip) {
            return position;
        }
        partialLength = length - initialBytesToStrip;
        partialFilled = 0;
        if (buffers != null) {
            partialBuffer = buffers.tryAcquire(partialLength);
            if (partialBuffer != null) {
                return fillPartialBuffer(in, position + initialBytesToStrip, limit, buffers);
            }
        }
        partialFrame = NO_BYTES;
        return fillPartialFrame(in, position + initialBytesToStrip, limit, sink);
    }

    /** Copies what is here into the pooled partial frame; delivers it once complete. Returns the new position. */
    private int fillPartialBuffer(ByteBuffer in, int position, int limit, BufferFrameSink buffers) {
        int take = Math.min(partialLength - partialFilled, limit - position);
        ByteBuffer target = partialBuffer.buffer();
        target.put(partialFilled, in, position, take);
        partialFilled += take;
        position += take;
        in.position(position);
        if (partialFilled == partialLength) {
            PooledBuffer frame = partialBuffer;
            partialBuffer = null;
            partialFilled = 0;
            frame.buffer().limit(partialLength).position(0);
            buffers.onFrame(frame);
        }
        return position;
    }

    /**
     * Appends what is here to the partial frame, growing its array to at most twice the bytes received (the
     * final growth makes it exactly the frame's size); delivers it once complete. Returns the new position.
     */
    private int fillPartialFrame(ByteBuffer in, int position, int limit, FrameSink sink) {
        int take = Math.min(partialLength - partialFilled, limit - position);
        int needed = partialFilled + take;
        if (needed > partialFrame.length) {
            partialFrame = Arrays.copyOf(partialFrame, (int) Math.min(partialLength, 2L * needed));
        }
        in.get(position, partialFrame, partialFilled, take);
        partialFilled = needed;
        position += take;
        in.position(position);
        if (partialFilled == partialLength) {
            byte[] frame = partialFrame;
            partialFrame = null;
            partialFilled = 0;
            sink.onFrame(frame);
        }
        return position;
    }

    /** The capacity of the partial frame's array, 0 when there is none; for tests. */
    int partialFrameCapacity() {
        return partialFrame == null ? 0 : partialFrame.length;
    }

    /**
     * Rejects a frame longer than the maximum: non-recoverable for CLOSE (position left at the frame);
     * for DISCARD, drops what is already here of its {@code frameLength} bytes and the rest as it arrives.
     */
    private void tooLong(ByteBuffer in, int position, int limit, long frameLength, String announced)
            throws FrameDecodingException {
        String message = "length field announces a " + announced + "-byte frame; max-frame-length is " + maxFrameLength;
        if (tooLongAction == TooLongFrameAction.CLOSE) {
            in.position(position);
            throw new FrameDecodingException(FrameError.TOO_LONG, false, message);
        }
        bytesToSkip = frameLength;
        skip(in, position, limit);
        throw new FrameDecodingException(FrameError.TOO_LONG, true, message + " (frame discarded)");
    }

    /** Drops up to {@link #bytesToSkip} bytes from {@code position}; returns the new position. */
    private int skip(ByteBuffer in, int position, int limit) {
        int skipped = (int) Math.min(bytesToSkip, limit - position);
        bytesToSkip -= skipped;
        position += skipped;
        in.position(position);
        return position;
    }

    /** Reads the length field at {@code index}: unsigned for 1-3 bytes, signed for 4 and 8. */
    private long readLengthField(ByteBuffer in, int index, boolean swap) {
        switch (lengthFieldLength) {
            case 1:
                return in.get(index) & 0xFF;
            case 2: {
                short value = in.getShort(index);
                return (swap ? Short.reverseBytes(value) : value) & 0xFFFF;
            }
            case 3: {
                int b0 = in.get(index) & 0xFF;
                int b1 = in.get(index + 1) & 0xFF;
                int b2 = in.get(index + 2) & 0xFF;
                return byteOrder == ByteOrder.BIG_ENDIAN ? b0 << 16 | b1 << 8 | b2 : b2 << 16 | b1 << 8 | b0;
            }
            case 4: {
                int value = in.getInt(index);
                return swap ? Integer.reverseBytes(value) : value;
            }
            case 8: {
                long value = in.getLong(index);
                return swap ? Long.reverseBytes(value) : value;
            }
            default:
                throw new IllegalStateException("unsupported length field size " + lengthFieldLength);
        }
    }
}
