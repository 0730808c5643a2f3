package dev.loopwire.transport.buffer;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One connection's share of its loop's {@link BufferPool}: acquires count against
 * {@link BufferPoolConfig#maxBuffersPerConnection()}, and releases (from any thread) give the share back.
 *
 * <p>{@link #acquireInLoop} and {@link #tryAcquireInLoop} are loop thread only; {@link #held()} is safe from
 * any thread.
 */
public final class ConnectionBuffers {

    private final BufferPool pool;
    /** pooled buffers this connection holds now */
    private final AtomicInteger held = new AtomicInteger();

    public ConnectionBuffers(BufferPool pool) {
        this.pool = pool;
    }

    /**
     * A buffer of at least {@code capacity} bytes: pooled when the bounds allow, else a heap buffer (a miss).
     * Loop thread only.
     */
    public PooledBuffer acquireInLoop(int capacity) {
        return pool.acquireInLoop(capacity, this, true);
    }

    /**
     * A pooled buffer of at least {@code capacity} bytes, or null (counted as a miss) when a bound is
     * reached: the caller then uses its own heap path. Loop thread only.
     */
    public PooledBuffer tryAcquireInLoop(int capacity) {
        return pool.acquireInLoop(capacity, this, false);
    }

    /** The pool the buffers come from. */
    public BufferPool pool() {
        return pool;
    }

    /** Pooled buffers this connection holds now. Safe from any thread. */
    public int held() {
        return held.get();
    }

    /** Takes one unit of the share, if below the bound. Pool's loop thread. */
    boolean tryTake(int max) {
        if (held.get() >= max) {
            return false;
        }
        held.incrementAndGet();
        return true;
    }

    /** A pooled buffer of this connection was released. Any thread. */
    void released() {
        held.decrementAndGet();
    }
}
