package dev.loopwire.transport.codec;

import dev.loopwire.transport.buffer.PooledBuffer;
import java.nio.ByteBuffer;

/**
 * A {@link FrameSink} that takes frames as buffers. A decoder that supports it delivers a frame that lies
 * whole in its input as a view of that input ({@link #onFrame(ByteBuffer, int, int)}, no copy), and gathers
 * a frame that spans reads in a pooled buffer ({@link #onFrame(PooledBuffer)}); decoders that do not support
 * it keep calling {@link #onFrame(byte[])}. Loop thread only, as every sink.
 */
public interface BufferFrameSink extends FrameSink {

    /**
     * Takes a frame that lies in {@code in} at {@code [offset, offset + length)}. The bytes are valid only
     * during the call; the sink must not move {@code in}'s position or limit.
     */
    void onFrame(ByteBuffer in, int offset, int length);

    /** Takes a frame gathered in {@code frame} (position 0, limit = length); the sink owns it from now on. */
    void onFrame(PooledBuffer frame);

    /**
     * A pooled buffer for a frame of {@code capacity} bytes that spans reads, or null when the pool's bounds
     * are reached: the decoder then gathers the frame in an array as without pooling.
     */
    PooledBuffer tryAcquire(int capacity);
}
