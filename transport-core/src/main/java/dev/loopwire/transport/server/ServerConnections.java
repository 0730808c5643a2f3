package dev.loopwire.transport.server;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.connection.ConnectionEvents;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.stats.ServerStats;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live connections of one server: admission against max-connections, the set that shutdown walks,
 * and the future that completes when the last one closes during shutdown. Passes traffic events on to
 * the server's {@link ServerStats}. Safe from any thread.
 */
final class ServerConnections implements ConnectionEvents {

    private final ServerStats stats;
    private final int maxConnections;
    /** admitted and not yet closed */
    private final Set<NioConnection> live = ConcurrentHashMap.newKeySet();
    /** admission slots taken (admitted connections, some not yet in the set) */
    private final AtomicInteger admitted = new AtomicInteger();
    /** completes when draining and the last connection closed */
    private final CompletableFuture<Void> allClosed = new CompletableFuture<>();
    /** set when the server starts draining */
    private volatile boolean draining;

    /** the open ones, for lookups and broadcast */
    private final OpenConnections open;

    ServerConnections(ServerStats stats, int maxConnections, OpenConnections open) {
        this.stats = stats;
        this.maxConnections = maxConnections;
        this.open = open;
    }

    /** Takes an admission slot; false when the server is full. Acceptor thread. */
    boolean tryAdmit() {
        if (admitted.incrementAndGet() > maxConnections) {
            admitted.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a slot taken by {@link #tryAdmit()} for a connection that never opened. */
    void admissionFailed() {
        admitted.decrementAndGet();
        completeIfDrained();
    }

    /** Records an opened connection. */
    void opened(NioConnection connection) {
        live.add(connection);
        stats.connectionOpened();
    }

    /** The live connections, for shutdown. */
    Set<NioConnection> live() {
        return live;
    }

    /** Starts draining; the returned future completes when no connection is left. */
    CompletableFuture<Void> drain() {
        draining = true;
        completeIfDrained();
        return allClosed;
    }

    @Override
    public void closed(NioConnection connection, CloseReason reason) {
        open.remove(connection);
        stats.closed(connection, reason);
        live.remove(connection);
        admitted.decrementAndGet();
        completeIfDrained();
    }

    private void completeIfDrained() {
        if (draining && admitted.get() <= 0) {
            allClosed.complete(null);
        }
    }

    @Override
    public void bytesRead(int bytes) {
        stats.bytesRead(bytes);
    }

    @Override
    public void bytesWritten(long bytes) {
        stats.bytesWritten(bytes);
    }

    @Override
    public void framesReceived(int frames) {
        stats.framesReceived(frames);
    }

    @Override
    public void frameRejected(FrameError reason) {
        stats.frameRejected(reason);
    }

    @Override
    public void writeBacklogPause(boolean paused) {
        stats.writeBacklogPause(paused);
    }

    @Override
    public void connectionReset() {
        stats.connectionReset();
    }

    @Override
    public void partialFrameDropped(int bytes) {
        stats.partialFrameDropped(bytes);
    }

    @Override
    public void lingeringCloseStarted() {
        stats.lingeringCloseStarted();
    }

    @Override
    public void lingerTimedOut() {
        stats.lingerTimedOut();
    }

    @Override
    public void lingerBytesDiscarded(int bytes) {
        stats.lingerBytesDiscarded(bytes);
    }

    @Override
    public void directWrite(int frames, boolean partial) {
        stats.directWrite(frames, partial);
    }

    @Override
    public void directWriteDeferred() {
        stats.directWriteDeferred();
    }

    @Override
    public void directWriteFailed() {
        stats.directWriteFailed();
    }
}
