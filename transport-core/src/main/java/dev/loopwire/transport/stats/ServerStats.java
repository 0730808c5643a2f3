package dev.loopwire.transport.stats;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.connection.ConnectionEvents;
import dev.loopwire.transport.connection.NioConnection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The traffic and lifecycle counters of one server: the one source that metrics, health and the
 * actuator endpoint read. Written on the hot path with {@link LongAdder}s (no locks, no registry
 * lookups), and the per-read and per-write traffic of each event loop in that loop's own
 * {@link LoopTrafficCells} (single writer, no atomic add); every getter is safe from any thread and sums both.
 */
public final class ServerStats implements ConnectionEvents {

    private final AtomicInteger activeConnections = new AtomicInteger();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final LongAdder connectionsIdleClosed = new LongAdder();
    private final LongAdder rejectedMaxConnections = new LongAdder();
    private final LongAdder rejectedShutdown = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder framesReceived = new LongAdder();
    private final LongAdder repliesSent = new LongAdder();
    private final LongAdder framesTooLong = new LongAdder();
    private final LongAdder framesCorrupt = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();
    private final AtomicInteger writeBacklogPaused = new AtomicInteger();
    private final LongAdder connectionsReset = new LongAdder();
    private final LongAdder partialFramesDropped = new LongAdder();
    private final LongAdder acceptFailures = new LongAdder();
    private final LongAdder framesDroppedAfterClose = new LongAdder();
    private final LongAdder repliesDroppedAfterClose = new LongAdder();
    private final LongAdder lingeringCloses = new LongAdder();
    private final LongAdder lingerTimeouts = new LongAdder();
    private final LongAdder lingerDiscardedBytes = new LongAdder();
    private final LongAdder broadcastSkipped = new LongAdder();
    private final LongAdder slowConsumersClosed = new LongAdder();
    private final LongAdder repliesWrittenDirect = new LongAdder();
    private final LongAdder directWritesPartial = new LongAdder();
    private final LongAdder directWritesDeferred = new LongAdder();
    private final LongAdder directWriteFailures = new LongAdder();
    private final SecurityStats security = new SecurityStats();
    /** one per event loop that carries this server's connections; added rarely, summed by the getters */
    private final CopyOnWriteArrayList<LoopTrafficCells> loopCells = new CopyOnWriteArrayList<>();

    /**
     * New traffic cells for one event loop, counted in this server's totals from now on. The caller keeps
     * one per loop and lets only that loop's thread add to it. Safe from any thread.
     */
    public LoopTrafficCells newLoopCells() {
        LoopTrafficCells cells = new LoopTrafficCells();
        loopCells.add(cells);
        return cells;
    }

    /** TLS handshake and PROXY protocol counters. */
    public SecurityStats security() {
        return security;
    }

    /** A connection was admitted. Any thread. */
    public void connectionOpened() {
        connectionsOpened.increment();
        activeConnections.incrementAndGet();
    }

    /** A connection was refused because the server was at max-connections. Any thread. */
    public void rejectedForMaxConnections() {
        rejectedMaxConnections.increment();
    }

    /** A connection was refused because the server was shutting down. Any thread. */
    public void rejectedForShutdown() {
        rejectedShutdown.increment();
    }

    /** A handler threw or its asynchronous reply failed. Any thread. */
    public void handlerFailed() {
        handlerErrors.increment();
    }

    /** Accepting failed (e.g. out of file descriptors) and the acceptor backed off. Acceptor thread. */
    public void acceptFailed() {
        acceptFailures.increment();
    }

    /** A frame arrived after its connection's closing reply was decided and was not handled. Any thread. */
    public void frameDroppedAfterClose() {
        framesDroppedAfterClose.increment();
    }

    /** {@code count} replies came after their connection's closing reply and were not written. Any thread. */
    public void replyDroppedAfterClose(int count) {
        repliesDroppedAfterClose.add(count);
    }

    /** {@code count} replies were queued for writing. Any thread. */
    public void repliesQueued(int count) {
        repliesSent.add(count);
    }

    @Override
    public void bytesRead(int bytes) {
        bytesReceived.add(bytes);
    }

    @Override
    public void bytesWritten(long bytes) {
        bytesSent.add(bytes);
    }

    @Override
    public void framesReceived(int frames) {
        framesReceived.add(frames);
    }

    @Override
    public void frameRejected(FrameError reason) {
        (reason == FrameError.TOO_LONG ? framesTooLong : framesCorrupt).increment();
    }

    @Override
    public void writeBacklogPause(boolean paused) {
        writeBacklogPaused.addAndGet(paused ? 1 : -1);
    }

    @Override
    public void connectionReset() {
        connectionsReset.increment();
    }

    @Override
    public void partialFrameDropped(int bytes) {
        partialFramesDropped.increment();
    }

    @Override
    public void lingeringCloseStarted() {
        lingeringCloses.increment();
    }

    @Override
    public void lingerTimedOut() {
        lingerTimeouts.increment();
    }

    @Override
    public void lingerBytesDiscarded(int bytes) {
        lingerDiscardedBytes.add(bytes);
    }

    /** One add per batch, not per reply: each business thread mostly hits its own LongAdder cell. */
    @Override
    public void directWrite(int frames, boolean partial) {
        repliesWrittenDirect.add(frames);
        if (partial) {
            directWritesPartial.increment();
        }
    }

    @Override
    public void directWriteDeferred() {
        directWritesDeferred.increment();
    }

    @Override
    public void directWriteFailed() {
        directWriteFailures.increment();
    }

    @Override
    public void closed(NioConnection connection, CloseReason reason) {
        connectionsClosed.increment();
        if (reason == CloseReason.IDLE) {
            connectionsIdleClosed.increment();
        }
        activeConnections.decrementAndGet();
        if (connection.isSuspended(NioConnection.SUSPEND_WRITE_BACKLOG)) {
            writeBacklogPaused.decrementAndGet();
        }
    }

    /** A broadcast left out a slow consumer (policy skip). Any thread. */
    public void broadcastSkipped() {
        broadcastSkipped.increment();
    }

    /** A broadcast closed a slow consumer (policy close). Any thread. */
    public void slowConsumerClosed() {
        slowConsumersClosed.increment();
    }

    /** Messages a broadcast did not send to a slow consumer (one per connection and message). */
    public long broadcastSkippedCount() {
        return broadcastSkipped.sum();
    }

    /** Slow consumers a broadcast closed. */
    public long slowConsumersClosed() {
        return slowConsumersClosed.sum();
    }

    public int activeConnections() {
        return activeConnections.get();
    }

    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    public long connectionsClosed() {
        return connectionsClosed.sum();
    }

    /** Connections closed by the idle timeout (also counted in {@link #connectionsClosed()}). */
    public long connectionsIdleClosed() {
        return connectionsIdleClosed.sum();
    }

    public long rejectedForMaxConnectionsCount() {
        return rejectedMaxConnections.sum();
    }

    public long rejectedForShutdownCount() {
        return rejectedShutdown.sum();
    }

    /** Bytes read for decoding (bytes discarded while lingering are in {@link #lingerDiscardedBytes()}). */
    public long bytesReceived() {
        long sum = bytesReceived.sum();
        for (LoopTrafficCells cells : loopCells) {
            sum += cells.bytesRead();
        }
        return sum;
    }

    public long bytesSent() {
        long sum = bytesSent.sum();
        for (LoopTrafficCells cells : loopCells) {
            sum += cells.bytesWritten();
        }
        return sum;
    }

    public long framesReceived() {
        long sum = framesReceived.sum();
        for (LoopTrafficCells cells : loopCells) {
            sum += cells.framesReceived();
        }
        return sum;
    }

    /** Reply frames queued for writing. */
    public long repliesSent() {
        return repliesSent.sum();
    }

    /** Frames rejected for {@code reason}. */
    public long framesRejected(FrameError reason) {
        return (reason == FrameError.TOO_LONG ? framesTooLong : framesCorrupt).sum();
    }

    public long handlerErrors() {
        return handlerErrors.sum();
    }

    /** Connections not reading because their write backlog is above the high watermark. */
    public int writeBacklogPausedConnections() {
        return Math.max(0, writeBacklogPaused.get());
    }

    /** Connections closed because a read or write failed: peer reset, broken pipe (also in {@link #connectionsClosed()}). */
    public long connectionsReset() {
        return connectionsReset.sum();
    }

    /** Times a peer ended its input in the middle of a frame; the partial frame was dropped. */
    public long partialFramesDropped() {
        return partialFramesDropped.sum();
    }

    /** Accept attempts that failed (e.g. EMFILE), each followed by a short back-off of the acceptor. */
    public long acceptFailures() {
        return acceptFailures.sum();
    }

    /**
     * Frames that arrived after their connection's closing reply was decided (or while it was closing):
     * never handled, never answered.
     */
    public long framesDroppedAfterClose() {
        return framesDroppedAfterClose.sum();
    }

    /**
     * Replies behind a closing reply, from frames whose handler had already run (e.g. while an asynchronous
     * reply that closed was pending): never written.
     */
    public long repliesDroppedAfterClose() {
        return repliesDroppedAfterClose.sum();
    }

    /**
     * Closes that shut down output and then read and discarded the peer's input until its EOF (or the
     * linger timeout), so unread input could not turn into a reset that destroys written replies.
     */
    public long lingeringCloses() {
        return lingeringCloses.sum();
    }

    /**
     * Bytes read and discarded during lingering closes (never decoded, not in {@link #bytesReceived()}):
     * what peers sent after their connection's replies were all written.
     */
    public long lingerDiscardedBytes() {
        return lingerDiscardedBytes.sum();
    }

    /**
     * Frames (replies, and messages sent from business threads) that business threads wrote whole to the socket
     * themselves, without a hand-off to the loop (direct writes); the other frames the loops wrote.
     */
    public long repliesWrittenDirect() {
        return repliesWrittenDirect.sum();
    }

    /** Direct writes the socket did not take whole: the rest was left to the loop. */
    public long directWritesPartial() {
        return directWritesPartial.sum();
    }

    /**
     * Batches of frames a business thread left to the loop instead of writing them itself: the loop (or another
     * thread) was writing, or earlier frames still waited in the queue (a full socket).
     */
    public long directWritesDeferred() {
        return directWritesDeferred.sum();
    }

    /** Direct writes that failed (peer reset, broken pipe); each closed its connection (see {@link #connectionsReset()}). */
    public long directWriteFailures() {
        return directWriteFailures.sum();
    }

    /** Lingering closes that ended at the linger timeout instead of the peer's EOF (also in {@link #lingeringCloses()}). */
    public long lingerTimeouts() {
        return lingerTimeouts.sum();
    }
}
