package dev.loopwire.transport.server;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.codec.FrameError;
import dev.loopwire.transport.connection.ConnectionEvents;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.stats.LoopTrafficCells;

/**
 * The {@link ConnectionEvents} of one server's connections on one event loop. The per-read and per-write
 * events (bytes read, bytes written, frames received) go into the loop's own {@link LoopTrafficCells}
 * when they come from that loop's thread, a plain add instead of an atomic one on a counter every loop
 * shares; from any other thread, and for every rarer event, they pass on to the server's
 * {@link ServerConnections}. One instance per server and loop, shared by the connections of that loop.
 *
 * <p>Threads: safe from any thread (events from the loop thread take the fast path).
 */
final class LoopConnectionEvents implements ConnectionEvents {

    private final EventLoop loop;
    private final LoopTrafficCells cells;
    private final ServerConnections server;

    LoopConnectionEvents(EventLoop loop, LoopTrafficCells cells, ServerConnections server) {
        this.loop = loop;
        this.cells = cells;
        this.server = server;
    }

    @Override
    public void bytesRead(int bytes) {
        if (loop.inLoop()) {
            cells.addBytesRead(bytes);
        } else {
            server.bytesRead(bytes);
        }
    }

    @Override
    public void bytesWritten(long bytes) {
        if (loop.inLoop()) {
            cells.addBytesWritten(bytes);
        } else {
            server.bytesWritten(bytes); // e.g. a business thread that writes a reply itself
        }
    }

    @Override
    public void framesReceived(int frames) {
        if (loop.inLoop()) {
            cells.addFramesReceived(frames);
        } else {
            server.framesReceived(frames);
        }
    }

    @Override
    public void frameRejected(FrameError reason) {
        server.frameRejected(reason);
    }

    @Override
    public void writeBacklogPause(boolean paused) {
        server.writeBacklogPause(paused);
    }

    @Override
    public void closed(NioConnection connection, CloseReason reason) {
        server.closed(connection, reason);
    }

    @Override
    public void connectionReset() {
        server.connectionReset();
    }

    @Override
    public void partialFrameDropped(int bytes) {
        server.partialFrameDropped(bytes);
    }

    @Override
    public void lingeringCloseStarted() {
        server.lingeringCloseStarted();
    }

    @Override
    public void lingerTimedOut() {
        server.lingerTimedOut();
    }

    @Override
    public void lingerBytesDiscarded(int bytes) {
        server.lingerBytesDiscarded(bytes);
    }

    @Override
    public void directWrite(int frames, boolean partial) {
        server.directWrite(frames, partial);
    }

    @Override
    public void directWriteDeferred() {
        server.directWriteDeferred();
    }

    @Override
    public void directWriteFailed() {
        server.directWriteFailed();
    }
}
