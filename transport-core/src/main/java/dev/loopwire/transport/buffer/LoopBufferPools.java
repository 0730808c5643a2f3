package dev.loopwire.transport.buffer;

import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.EventLoopGroup;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One server's buffer pools: one {@link BufferPool} per I/O loop, made when the server starts and never
 * changed afterwards. Safe from any thread once built.
 */
public final class LoopBufferPools {

    private final Map<EventLoop, BufferPool> pools;

    /** A pool for each loop of {@code loops}, with {@code config}'s bounds each. */
    public LoopBufferPools(EventLoopGroup loops, BufferPoolConfig config) {
        Map<EventLoop, BufferPool> byLoop = new IdentityHashMap<>();
        for (EventLoop loop : loops.loops()) {
            byLoop.put(loop, new BufferPool(loop, config));
        }
        this.pools = byLoop;
    }

    /**
     * The pool of {@code loop}.
     *
     * @throws IllegalArgumentException when the loop is not one of the server's
     */
    public BufferPool forLoop(EventLoop loop) {
        BufferPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalArgumentException("no buffer pool for loop " + loop.name() + ": not a loop of this server");
        }
        return pool;
    }

    /** The counters summed over every loop. */
    public BufferPoolStats stats() {
        BufferPoolStats sum = BufferPoolStats.EMPTY;
        for (BufferPool pool : pools.values()) {
            sum = sum.plus(pool.stats());
        }
        return sum;
    }

    /** Buffers lent and not released, over every loop. */
    public long outstanding() {
        long sum = 0;
        for (BufferPool pool : pools.values()) {
            sum += pool.outstanding();
        }
        return sum;
    }

    /** The acquiring stacks of outstanding buffers over every loop (with leak tracking on). */
    public List<String> leaks() {
        List<String> all = new ArrayList<>();
        for (BufferPool pool : pools.values()) {
            all.addAll(pool.leaks());
        }
        return all;
    }
}
