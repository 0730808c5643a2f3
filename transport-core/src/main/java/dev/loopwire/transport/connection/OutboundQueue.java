package dev.loopwire.transport.connection;

import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The encoded frames waiting to be written to one connection.
 *
 * <p>Two stages: frames queued on the owning loop thread go straight into a loop-confined deque; frames
 * queued from other threads go into a lock-free hand-off queue that the loop moves into the deque before
 * it writes. The byte count of both stages is kept in one atomic, so the watermarks see everything. A frame
 * may be several buffers (header, payload, trailer); they go through the hand-off queue as one element, so
 * frames queued concurrently never interleave.
 *
 * <p>A frame written from a {@link PooledBuffer} ({@link #addPooled}) keeps that buffer until the frame's last
 * buffer is written, then releases it; {@link #discard()} releases what was never written.
 *
 * <p>Owned by one {@link NioConnection}. {@link #addFromAnyThread} and {@link #pendingBytes()} are safe
 * from any thread; everything else is loop thread only. With direct writes on ({@link DirectWriter}), "loop
 * thread only" reads "whoever holds the connection's {@link WriteToken}": the loop flushes under it, and a
 * business thread holding it may take frames from the hand-off queue, write them itself and leave what the
 * socket did not take at the {@linkplain #putFront front}, ahead of every later frame. The loop then never
 * adds to the deque directly ({@link #addInLoop} is not used), so nothing touches the deque without the token.
 */
final class OutboundQueue implements TransportLayer.PlaintextQueue {

    /** how many buffers one gathering write takes at most */
    static final int MAX_BUFFERS_PER_WRITE = 64;

    /** the loop whose staging buffer small replies are copied into before a write, or null (tests): no staging */
    private final EventLoop loop;
    /** frames queued by other threads, not yet seen by the loop: each a ByteBuffer, a ByteBuffer[] or a PooledFrame */
    private final Queue<Object> handOff = new ConcurrentLinkedQueue<>();
    /** frames the loop will write, oldest first; loop thread only */
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    /** bytes queued in both stages and not yet written */
    private final AtomicLong pendingBytes = new AtomicLong();
    /** the pooled buffers of queued frames, released as their frames are written; loop thread only */
    private final PooledReleases releases = new PooledReleases();
    /**
     * what a direct write left unwritten, ahead of everything else; set by the token holder while the deque
     * is empty, taken by the loop's next write (or dropped on close, exactly once)
     */
    private final AtomicReference<ByteBuffer[]> front = new AtomicReference<>();

    /** A queue that writes every buffer as it is (no staging). */
    OutboundQueue() {
        this(null);
    }

    /** @param loop the owning connection's loop, whose staging buffer its writes use ({@link StagedWrite}) */
    OutboundQueue(EventLoop loop) {
        this.loop = loop;
    }

    /** Queues a frame from a thread that is not the loop's. Safe from any thread. */
    void addFromAnyThread(ByteBuffer frame) {
        pendingBytes.addAndGet(frame.remaining());
        handOff.add(frame);
    }

    /** Queues a frame made of several buffers, kept together, from a thread that is not the loop's. Any thread. */
    void addFromAnyThread(ByteBuffer[] frame) {
        pendingBytes.addAndGet(remaining(frame));
        handOff.add(frame);
    }

    /**
     * Queues a frame on the loop thread, after any frames other threads queued before it: those are moved
     * over first, or a reply written on the loop could overtake earlier replies still in the hand-off
     * queue (an asynchronous reply completed on another thread, then the next reply written in-loop).
     */
    void addInLoop(ByteBuffer frame) {
        pendingBytes.addAndGet(frame.remaining());
        moveHandOff();
        queue.add(frame);
    }

    /** Queues a frame made of several buffers on the loop thread, as {@link #addInLoop(ByteBuffer)} does. */
    void addInLoop(ByteBuffer[] frame) {
        pendingBytes.addAndGet(remaining(frame));
        moveHandOff();
        Collections.addAll(queue, frame);
    }

    /** Queues a frame with {@link #addInLoop} when {@code onLoopThread}, else {@link #addFromAnyThread}. */
    void add(ByteBuffer frame, boolean onLoopThread) {
        if (onLoopThread) {
            addInLoop(frame);
        } else {
            addFromAnyThread(frame);
        }
    }

    /** The same for a frame of several buffers. */
    void add(ByteBuffer[] frame, boolean onLoopThread) {
        if (onLoopThread) {
            addInLoop(frame);
        } else {
            addFromAnyThread(frame);
        }
    }

    /**
     * Queues a frame of several buffers whose bytes live in {@code pooled}, which is released once the frame's
     * last buffer is written (or the queue is discarded). In-loop when {@code onLoopThread}, else through the
     * hand-off queue.
     */
    void addPooled(ByteBuffer[] frame, PooledBuffer pooled, boolean onLoopThread) {
        if (onLoopThread) {
            addInLoop(frame);
            releases.add(frame[frame.length - 1], pooled);
        } else {
            pendingBytes.addAndGet(remaining(frame));
            handOff.add(new PooledFrame(frame, pooled));
        }
    }

    /** Bytes queued and not yet written. Safe from any thread. */
    long pendingBytes() {
        return pendingBytes.get();
    }

    /** True when nothing waits in either stage. Loop thread only. */
    @Override
    public boolean isEmpty() {
        return queue.isEmpty() && handOff.isEmpty() && front.get() == null;
    }

    /**
     * Writes as much as the channel takes, with at most {@code maxAttempts} writes: each a gathering write, or one
     * plain write of its leading small heap buffers staged into the loop's staging buffer ({@link StagedWrite}).
     *
     * @param scratch a loop-owned array of at least {@link #MAX_BUFFERS_PER_WRITE} slots, left cleared
     * @return bytes written; the caller learns whether all went from {@link #isEmpty()}
     * @throws IOException when the write fails (peer reset)
     */
    @Override
    public long writeTo(GatheringByteChannel channel, ByteBuffer[] scratch, int maxAttempts) throws IOException {
        return writeTo(channel, scratch, loop == null ? null : loop.scratch().writeStaging(), maxAttempts);
    }

    /**
     * Writes as {@link #writeTo(GatheringByteChannel, ByteBuffer[], int)} does, with {@code staging} as the
     * staging buffer.
     *
     * @param staging a loop-owned direct buffer, or null to write every buffer as it is
     */
    long writeTo(GatheringByteChannel channel, ByteBuffer[] scratch, ByteBuffer staging, int maxAttempts)
            throws IOException {
        moveFront();
        moveHandOff();
        long total = 0;
        for (int attempt = 0; attempt < maxAttempts && !queue.isEmpty(); attempt++) {
            int count = 0;
            for (ByteBuffer buffer : queue) {
                scratch[count++] = buffer;
                if (count == MAX_BUFFERS_PER_WRITE) {
                    break;
                }
            }
            long written = StagedWrite.write(channel, scratch, count, staging);
            for (int i = 0; i < count; i++) {
                scratch[i] = null;
            }
            if (written <= 0) {
                break; // socket send buffer full
            }
            total += written;
            pendingBytes.addAndGet(-written);
            dropWritten();
            if (handOff.peek() != null) {
                moveHandOff();
            }
        }
        return total;
    }

    /** For a transport layer: the oldest buffers, at most {@code scratch.length}. Loop thread only. */
    @Override
    public int peek(ByteBuffer[] scratch) {
        moveFront();
        moveHandOff();
        int count = 0;
        for (ByteBuffer buffer : queue) {
            if (count == scratch.length) {
                break;
            }
            scratch[count++] = buffer;
        }
        return count;
    }

    /** For a transport layer: {@code bytes} of the peeked buffers were taken. Loop thread only. */
    @Override
    public void consumed(long bytes) {
        pendingBytes.addAndGet(-bytes);
        dropWritten();
    }

    /** Drops the written buffers at the head, releasing the pooled buffer of each frame they complete. */
    private void dropWritten() {
        while (!queue.isEmpty() && !queue.peekFirst().hasRemaining()) {
            ByteBuffer written = queue.pollFirst();
            if (releases.size() > 0) {
                releases.written(written);
            }
        }
    }

    /** Drops everything queued (the connection closed). Loop thread only. */
    void discard() {
        discardFront();
        moveHandOff();
        long dropped = 0;
        for (ByteBuffer buffer : queue) {
            dropped += buffer.remaining();
        }
        queue.clear();
        releases.releaseAll();
        pendingBytes.addAndGet(-dropped);
    }

    // ---------------------------------------------------------------- direct writes (token holder)

    /** True when no frame waits ahead of the hand-off queue (deque and front empty). Token holder only. */
    boolean nothingAheadOfHandOff() {
        return queue.isEmpty() && front.get() == null;
    }

    /** True when frames wait in the hand-off queue. Safe from any thread. */
    boolean hasHandOff() {
        return !handOff.isEmpty();
    }

    /**
     * Takes the oldest whole frames from the hand-off queue, as many as fit in {@code scratch}: their buffers
     * go into {@code scratch} in order, and {@code frameEnds[k]} is the buffer count up to the end of frame
     * {@code k}. It stops at a frame of a pooled buffer, which the loop writes. The bytes stay counted as
     * pending until {@link #written}. Token holder only.
     *
     * @return the number of frames taken
     */
    int takeFrames(ByteBuffer[] scratch, int[] frameEnds) {
        int buffers = 0;
        int frames = 0;
        Object frame;
        while (frames < frameEnds.length && (frame = handOff.peek()) != null) {
            if (frame instanceof PooledFrame) {
                break; // a pooled buffer is released by the loop's write, never on a business thread's
            }
            if (frame instanceof ByteBuffer single) {
                if (buffers == scratch.length) {
                    break;
                }
                scratch[buffers++] = single;
            } else {
                ByteBuffer[] parts = (ByteBuffer[]) frame;
                if (buffers + parts.length > scratch.length) {
                    break;
                }
                for (ByteBuffer part : parts) {
                    scratch[buffers++] = part;
                }
            }
            handOff.poll(); // the token holder is the only one taking from the hand-off queue
            frameEnds[frames++] = buffers;
        }
        return frames;
    }

    /** {@code bytes} of frames taken with {@link #takeFrames} were written. Token holder only. */
    void written(long bytes) {
        pendingBytes.addAndGet(-bytes);
    }

    /**
     * Puts what a direct write left unwritten ahead of every later frame; the loop's next write starts with
     * it. Token holder only, with {@link #nothingAheadOfHandOff()} true.
     */
    void putFront(ByteBuffer[] rest) {
        front.set(rest);
    }

    /** Drops what waits at the front, if anything (the connection closed); exactly once. Any thread. */
    void discardFront() {
        ByteBuffer[] rest = front.getAndSet(null);
        if (rest != null) {
            pendingBytes.addAndGet(-remaining(rest));
        }
    }

    private void moveFront() {
        if (front.get() == null) {
            return;
        }
        ByteBuffer[] rest = front.getAndSet(null);
        if (rest != null) {
            for (int i = rest.length - 1; i >= 0; i--) {
                queue.addFirst(rest[i]);
            }
        }
    }

    private void moveHandOff() {
        Object frame;
        while ((frame = handOff.poll()) != null) {
            if (frame instanceof ByteBuffer single) {
                queue.add(single);
            } else if (frame instanceof PooledFrame pooled) {
                Collections.addAll(queue, pooled.buffers);
                releases.add(pooled.buffers[pooled.buffers.length - 1], pooled.pooled);
            } else {
                Collections.addAll(queue, (ByteBuffer[]) frame);
            }
        }
    }

    private static long remaining(ByteBuffer[] frame) {
        long bytes = 0;
        for (ByteBuffer buffer : frame) {
            bytes += buffer.remaining();
        }
        return bytes;
    }

    /** A pooled frame on its way through the hand-off queue. */
    private record PooledFrame(ByteBuffer[] buffers, PooledBuffer pooled) {
    }
}
