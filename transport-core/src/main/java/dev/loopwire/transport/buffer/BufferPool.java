package dev.loopwire.transport.buffer;

import dev.loopwire.transport.loop.EventLoop;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded pool of direct buffers in power-of-two size classes, confined to one {@link EventLoop}.
 *
 * <p>Ownership: the idle lists belong to the loop thread, so lending and giving back on the loop takes no
 * lock. A buffer released on another thread goes into a lock-free return queue, which the loop empties into
 * the idle lists on its next acquire. The pool never holds more than
 * {@link BufferPoolConfig#maxBytesPerLoop()} of direct memory (lent out or idle), and a connection never more
 * than {@link BufferPoolConfig#maxBuffersPerConnection()} of its buffers; past a bound, a request gets a heap
 * buffer outside the pool and counts as a miss.
 *
 * <p>{@link #outstanding()} counts every buffer lent and not released, pooled or not: after every connection
 * of the pool closed it is 0 unless a handler leaked one. With {@link BufferPoolConfig#trackLeaks()} the pool
 * also remembers where each outstanding buffer was acquired ({@link #leaks()}).
 */
public final class BufferPool {

    private final EventLoop loop;
    private final BufferPoolConfig config;
    /** log2 of the smallest class */
    private final int smallestShift;
    /** idle buffers per size class; loop thread only */
    private final ArrayDeque<PooledBuffer>[] idle;
    /** buffers released on other threads, on their way back to the idle lists */
    private final Queue<PooledBuffer> returned = new ConcurrentLinkedQueue<>();
    /** outstanding buffers with their acquiring stack, when tracking leaks; else null */
    private final Set<PooledBuffer> tracked;

    /** single writer: the loop */
    private volatile long hits;
    private volatile long allocations;
    private volatile long misses;
    private volatile long bytesHeld;
    /** lent and not released; any thread */
    private final AtomicLong outstanding = new AtomicLong();

    @SuppressWarnings("unchecked")
    public BufferPool(EventLoop loop, BufferPoolConfig config) {
        this.loop = loop;
        this.config = config;
        this.smallestShift = Integer.numberOfTrailingZeros(config.smallestBuffer());
        this.idle = new ArrayDeque[config.classCount()];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ArrayDeque<>();
        }
        this.tracked = config.trackLeaks() ? ConcurrentHashMap.newKeySet() : null;
    }

    /** The loop this pool belongs to. */
    public EventLoop loop() {
        return loop;
    }

    /** The bounds. */
    public BufferPoolConfig config() {
        return config;
    }

    /**
     * Lends a buffer of at least {@code capacity} bytes, with position 0 and limit {@code capacity}. Loop
     * thread only.
     *
     * @param holder        the connection whose share it counts against, or null for none
     * @param missToHeap    on a miss, true returns a heap buffer, false returns null (the miss is counted)
     */
    PooledBuffer acquireInLoop(int capacity, ConnectionBuffers holder, boolean missToHeap) {
        loop.assertInLoop();
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        drainReturned();
        int sizeClass = sizeClassOf(capacity);
        PooledBuffer buffer = null;
        if (sizeClass >= 0 && (holder == null || holder.tryTake(config.maxBuffersPerConnection()))) {
            buffer = idle[sizeClass].pollLast();
            if (buffer != null) {
                hits++;
            } else if (makeRoom(classBytes(sizeClass))) {
                buffer = new PooledBuffer(this, sizeClass, ByteBuffer.allocateDirect(classBytes(sizeClass)));
                bytesHeld += classBytes(sizeClass);
                allocations++;
            } else if (holder != null) {
                holder.released(); // give the share back: nothing pooled was lent
            }
        }
        if (buffer == null) {
            misses++;
            if (!missToHeap) {
                return null;
            }
            buffer = new PooledBuffer(this, -1, ByteBuffer.allocate(capacity));
            holder = null;
        }
        buffer.lend(capacity, holder);
        outstanding.incrementAndGet();
        if (tracked != null) {
            buffer.acquiredAt = new Throwable("buffer acquired here and never released");
            tracked.add(buffer);
        }
        return buffer;
    }

    /** A buffer came back. Any thread (called by {@link PooledBuffer#release()}). */
    void released(PooledBuffer buffer) {
        outstanding.decrementAndGet();
        if (tracked != null) {
            tracked.remove(buffer);
            buffer.acquiredAt = null;
        }
        if (!buffer.isPooled()) {
            return; // a heap miss: the garbage collector takes it
        }
        if (loop.inLoop()) {
            idle[buffer.sizeClass()].addLast(buffer);
        } else {
            returned.add(buffer);
        }
    }

    /** Buffers lent and not released, pooled or not. Safe from any thread. */
    public long outstanding() {
        return outstanding.get();
    }

    /**
     * Where each outstanding buffer was acquired, one stack trace each; empty when nothing is outstanding or
     * leak tracking is off. Safe from any thread.
     */
    public List<String> leaks() {
        List<String> reports = new ArrayList<>();
        if (tracked != null) {
            for (PooledBuffer buffer : tracked) {
                Throwable where = buffer.acquiredAt;
                if (where != null) {
                    StringWriter text = new StringWriter();
                    where.printStackTrace(new PrintWriter(text));
                    reports.add(buffer + ": " + text);
                }
            }
        }
        return reports;
    }

    /** The counters now. Safe from any thread (each counter is current; together they may be a moment apart). */
    public BufferPoolStats stats() {
        return new BufferPoolStats(hits, allocations, misses, bytesHeld, outstanding.get());
    }

    /** The size class index for {@code capacity}, or -1 when larger than the largest class. */
    int sizeClassOf(int capacity) {
        if (capacity > config.largestBuffer()) {
            return -1;
        }
        if (capacity <= config.smallestBuffer()) {
            return 0;
        }
        int shift = 32 - Integer.numberOfLeadingZeros(capacity - 1); // ceil(log2(capacity))
        return shift - smallestShift;
    }

    private int classBytes(int sizeClass) {
        return 1 << (smallestShift + sizeClass);
    }

    /**
     * True when {@code bytes} more fit within the bound, after giving up idle buffers of other classes (to
     * the garbage collector) if needed. Loop thread only.
     */
    private boolean makeRoom(int bytes) {
        long limit = config.maxBytesPerLoop();
        for (int c = idle.length - 1; c >= 0 && bytesHeld + bytes > limit; c--) {
            while (bytesHeld + bytes > limit && !idle[c].isEmpty()) {
                idle[c].pollFirst();
                bytesHeld -= classBytes(c);
            }
        }
        return bytesHeld + bytes <= limit;
    }

    private void drainReturned() {
        if (returned.isEmpty()) {
            return;
        }
        PooledBuffer buffer;
        while ((buffer = returned.poll()) != null) {
            idle[buffer.sizeClass()].addLast(buffer);
        }
    }
}
