package dev.loopwire.transport.connection;

import dev.loopwire.transport.buffer.PooledBuffer;
import java.nio.ByteBuffer;

/**
 * The pooled buffers of one connection's queued frames, in queue order, each keyed by its frame's last
 * buffer: when the queue drops that buffer as written, the pooled buffer is released. A ring of two
 * parallel arrays, so queuing a pooled frame allocates nothing once the ring has grown.
 *
 * <p>Owned by one {@link OutboundQueue}; called by whoever writes the queue (its loop thread).
 */
final class PooledReleases {

    private ByteBuffer[] keys = new ByteBuffer[4];
    private PooledBuffer[] buffers = new PooledBuffer[4];
    /** index of the oldest entry */
    private int head;
    /** number of entries */
    private int size;

    /** {@code pooled} is released once {@code lastBuffer} has been written and dropped from the queue. */
    void add(ByteBuffer lastBuffer, PooledBuffer pooled) {
        if (size == keys.length) {
            grow();
        }
        int tail = (head + size) & (keys.length - 1);
        keys[tail] = lastBuffer;
        buffers[tail] = pooled;
        size++;
    }

    /** The queue dropped {@code written}: releases the oldest pooled buffer if it is keyed by it. */
    void written(ByteBuffer written) {
        if (size > 0 && keys[head] == written) {
            PooledBuffer pooled = buffers[head];
            keys[head] = null;
            buffers[head] = null;
            head = (head + 1) & (keys.length - 1);
            size--;
            pooled.release();
        }
    }

    /** Releases every pooled buffer (the queue was discarded). */
    void releaseAll() {
        while (size > 0) {
            written(keys[head]);
        }
    }

    /** Pooled buffers waiting for their write. */
    int size() {
        return size;
    }

    private void grow() {
        int capacity = keys.length * 2;
        ByteBuffer[] newKeys = new ByteBuffer[capacity];
        PooledBuffer[] newBuffers = new PooledBuffer[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (keys.length - 1);
            newKeys[i] = keys[from];
            newBuffers[i] = buffers[from];
        }
        keys = newKeys;
        buffers = newBuffers;
        head = 0;
    }
}
