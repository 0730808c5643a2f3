package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.connection.NioConnection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The business-pool limit of one server: counts the frames handed to the pool and not yet handled, and
 * pauses reading on the connections that feed it when the count passes the high mark; every paused
 * connection resumes once the count falls to the low mark. Nothing is dropped: the kernel's TCP window
 * pushes back on the clients meanwhile.
 *
 * <p>Safe from any thread: loops reserve, business threads release. A connection is put in the paused
 * set before its frames reach the pool, so the release that follows always sees it.
 */
public final class Backpressure {

    private final int highMark;
    private final int lowMark;
    /** frames handed to the pool and not yet handled */
    private final AtomicInteger pending = new AtomicInteger();
    /** connections paused by this limit */
    private final Set<NioConnection> paused = ConcurrentHashMap.newKeySet();

    /**
     * @param highMark pending frames above which feeding connections pause (at least 1)
     * @param lowMark  pending frames at or below which they resume (0 .. highMark)
     */
    public Backpressure(int highMark, int lowMark) {
        if (highMark < 1 || lowMark < 0 || lowMark > highMark) {
            throw new IllegalArgumentException("pending-frame marks need high >= 1 and 0 <= low <= high, were high="
                    + highMark + " low=" + lowMark);
        }
        this.highMark = highMark;
        this.lowMark = lowMark;
    }

    /**
     * Counts {@code frames} about to be handed to the pool by {@code connection}, pausing it when the
     * server is over its limit. Loop thread of {@code connection} only.
     */
    void reserve(NioConnection connection, int frames) {
        if (pending.addAndGet(frames) > highMark && !connection.isSuspended(NioConnection.SUSPEND_BACKPRESSURE)) {
            paused.add(connection);
            connection.suspendReadingInLoop(NioConnection.SUSPEND_BACKPRESSURE);
        }
    }

    /** {@code frames} were handled; resumes paused connections at the low mark. Safe from any thread. */
    void release(int frames) {
        if (pending.addAndGet(-frames) <= lowMark && !paused.isEmpty()) {
            for (NioConnection connection : paused) {
                if (paused.remove(connection)) {
                    connection.executeInLoopOrDrop(() -> connection.resumeReadingInLoop(NioConnection.SUSPEND_BACKPRESSURE));
                }
            }
        }
    }

    /** Forgets a closed connection. Safe from any thread. */
    void forget(NioConnection connection) {
        paused.remove(connection);
    }

    /** Frames handed to the pool and not yet handled. Safe from any thread. */
    public int pendingFrames() {
        return pending.get();
    }

    /** Connections currently paused by this limit. Safe from any thread. */
    public int pausedConnections() {
        return paused.size();
    }

    public int highMark() {
        return highMark;
    }

    public int lowMark() {
        return lowMark;
    }
}
