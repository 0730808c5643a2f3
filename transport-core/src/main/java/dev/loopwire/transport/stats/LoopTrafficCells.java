package dev.loopwire.transport.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hot traffic counters of one server on one event loop: bytes read, bytes written and frames received.
 * One writer, the loop thread, adds with a plain read and an opaque store (no atomic read-modify-write, no
 * cache line shared with the other loops, as a {@code LongAdder} add would be); readers on any thread see
 * each counter's latest value without tearing. {@link ServerStats} sums the cells of all loops.
 *
 * <p>Threads: the {@code add*} methods are loop thread only, for the one loop the cells were made for
 * (a second writer would lose counts); the getters are safe from any thread.
 */
public final class LoopTrafficCells {

    private static final VarHandle BYTES_READ;
    private static final VarHandle BYTES_WRITTEN;
    private static final VarHandle FRAMES_RECEIVED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            BYTES_READ = lookup.findVarHandle(LoopTrafficCells.class, "bytesRead", long.class);
            BYTES_WRITTEN = lookup.findVarHandle(LoopTrafficCells.class, "bytesWritten", long.class);
            FRAMES_RECEIVED = lookup.findVarHandle(LoopTrafficCells.class, "framesReceived", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** padding, so the counters do not share a cache line with whatever was allocated before */
    @SuppressWarnings("unused")
    private long p0, p1, p2, p3, p4, p5, p6;
    /** bytes read for decoding */
    private long bytesRead;
    /** bytes written to sockets */
    private long bytesWritten;
    /** frames decoded */
    private long framesReceived;
    /** padding, so the counters do not share a cache line with whatever is allocated after */
    @SuppressWarnings("unused")
    private long q0, q1, q2, q3, q4, q5, q6;

    LoopTrafficCells() {
    }

    /** Adds {@code bytes} read. Loop thread only (the one writer). */
    public void addBytesRead(long bytes) {
        BYTES_READ.setOpaque(this, bytesRead + bytes);
    }

    /** Adds {@code bytes} written. Loop thread only (the one writer). */
    public void addBytesWritten(long bytes) {
        BYTES_WRITTEN.setOpaque(this, bytesWritten + bytes);
    }

    /** Adds {@code frames} decoded. Loop thread only (the one writer). */
    public void addFramesReceived(long frames) {
        FRAMES_RECEIVED.setOpaque(this, framesReceived + frames);
    }

    /** Bytes read so far. Safe from any thread. */
    public long bytesRead() {
        return (long) BYTES_READ.getOpaque(this);
    }

    /** Bytes written so far. Safe from any thread. */
    public long bytesWritten() {
        return (long) BYTES_WRITTEN.getOpaque(this);
    }

    /** Frames decoded so far. Safe from any thread. */
    public long framesReceived() {
        return (long) FRAMES_RECEIVED.getOpaque(this);
    }
}
