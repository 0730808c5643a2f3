package dev.loopwire.transport;

import dev.loopwire.transport.buffer.PooledBuffer;
import java.nio.ByteBuffer;

/**
 * One inbound frame as a {@link BufferFrameHandler} sees it: a read-only view of its bytes, valid only
 * during the handler call, over the loop's read buffer or a pooled direct buffer the frame was gathered in.
 *
 * <p>Lifetime: the view and this object are reused for the connection's next frame once the call returns.
 * To keep the bytes longer (or to reply with them), {@link #retain()} them: that hands over a
 * {@link PooledBuffer} the caller then owns. Without {@code retain()}, a pooled frame buffer goes back to the
 * pool when the call returns.
 *
 * <p>Loop thread only: a {@code BufferFrameHandler} runs on the connection's loop ({@link Dispatch#IO}).
 */
public interface Frame {

    /** The frame's length in bytes (delimiter or stripped header removed). */
    int length();

    /**
     * The frame's bytes, read-only, from position 0 to limit {@link #length()}. A new view per call of this
     * method; every view is invalid once the handler returns.
     */
    ByteBuffer payload();

    /**
     * Takes ownership of the frame's bytes: a pooled buffer holding them from position 0 to the frame's
     * length. When the frame was gathered in a pooled buffer this is that buffer (no copy); otherwise the
     * bytes are copied into one from the connection's pool (a heap buffer when the pool's bounds are reached).
     * Reply with it ({@link Reply#of(PooledBuffer)}), or {@link PooledBuffer#release()} it. At most once per
     * frame.
     *
     * @throws IllegalStateException when called twice for one frame, or after the handler returned
     */
    PooledBuffer retain();

    /**
     * A buffer of at least {@code capacity} bytes from the connection's pool (position 0, limit
     * {@code capacity}), for a reply: a heap buffer when the pool's bounds are reached. The caller owns it.
     */
    PooledBuffer allocate(int capacity);

    /** The frame's bytes copied into a new array. */
    default byte[] toByteArray() {
        ByteBuffer view = payload();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
