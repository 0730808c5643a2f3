package dev.loopwire.transport.buffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A buffer lent by a {@link BufferPool}: a direct buffer of one size class, or, for a miss, a heap buffer
 * outside the pool. Whoever holds it owns it until it is handed on (a reply written from it) or released.
 *
 * <p>Ownership rules: {@link #release()} exactly once, from any thread; after that neither this object nor
 * its {@link #buffer()} may be used, because the pool lends both out again. A buffer given to
 * {@code Reply.of(PooledBuffer)} belongs to the connection from then on: it is released when its write
 * completes or the connection closes.
 *
 * <p>{@link #buffer()} is in write mode when acquired (position 0, limit = requested capacity); a reply is
 * written from its position to its limit.
 */
public final class PooledBuffer {

    private static final AtomicIntegerFieldUpdater<PooledBuffer> LENT =
            AtomicIntegerFieldUpdater.newUpdater(PooledBuffer.class, "lent");

    /** the pool it goes back to; null for a miss */
    private final BufferPool pool;
    /** the size class index, or -1 for a miss */
    private final int sizeClass;
    private final ByteBuffer buffer;
    /** 1 while lent out, 0 when released */
    private volatile int lent;
    /** the connection whose per-connection bound counts it, or null; set at acquire */
    ConnectionBuffers owner;
    /** where it was acquired, when the pool tracks leaks; else null */
    Throwable acquiredAt;

    PooledBuffer(BufferPool pool, int sizeClass, ByteBuffer buffer) {
        this.pool = pool;
        this.sizeClass = sizeClass;
        this.buffer = buffer;
    }

    /** The bytes. Valid until {@link #release()} (or until the reply written from it is handed over). */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** True when this buffer came from the pool (direct), false for a miss (heap). Safe from any thread. */
    public boolean isPooled() {
        return sizeClass >= 0;
    }

    /** The buffer's capacity (its size class for a pooled buffer). Safe from any thread. */
    public int capacity() {
        return buffer.capacity();
    }

    /**
     * Gives the buffer back: to its pool's idle list when called on the pool's loop thread, through the
     * pool's lock-free return queue otherwise. Safe from any thread.
     *
     * @throws IllegalStateException when it was already released (a double release would hand one buffer to
     *         two owners)
     */
    public void release() {
        if (!LENT.compareAndSet(this, 1, 0)) {
            throw new IllegalStateException("buffer released twice; a PooledBuffer is released exactly once, "
                    + "by its last owner (a reply releases its buffer itself after the write)");
        }
        ConnectionBuffers holder = owner;
        owner = null;
        if (holder != null) {
            holder.released();
        }
        pool.released(this);
    }

    /** Marks it lent out, with position 0 and limit {@code capacity}. Loop thread of the pool. */
    void lend(int capacity, ConnectionBuffers holder) {
        buffer.clear().limit(capacity);
        owner = holder;
        lent = 1;
    }

    int sizeClass() {
        return sizeClass;
    }

    @Override
    public String toString() {
        return "PooledBuffer[" + (isPooled() ? "class " + buffer.capacity() : "miss " + buffer.capacity()) + ", "
                + (lent == 1 ? "lent" : "released") + "]";
    }
}
