package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.codec.FrameEncoder;
import dev.loopwire.transport.loop.EventLoop;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one {@link NioConnection}: encodes frames into its {@link OutboundQueue}, asks the loop
 * for flushes (at the end of the iteration for frames queued on the loop thread, through one queued task per
 * burst for frames queued by other threads, at once after a read for that read's replies), writes the queue
 * with gathering writes under the {@link WriteToken} when direct writes are on, applies the outbound
 * watermarks, and hands a requested close to {@link LingeringClose} once everything is written.
 *
 * <p>Direct writes: when {@link ConnectionSettings#directWrite()} is on and the inbound handler answers off
 * the loop ({@link InboundHandler#repliesOffLoop()}), a business thread that queued replies may write them
 * itself ({@link #flushQueued()}, {@link DirectWriter}) while the connection is plaintext. The loop's flush then
 * takes the same {@link WriteToken}, and every frame, from the loop too, goes through the hand-off queue.
 *
 * <p>Ownership: the outbound queue is thread-safe (any thread adds, the loop and the token's holder write);
 * the flush flags and the socket writes are the loop thread's, except a {@link DirectWriter}'s one write
 * under the token. Each method says which thread may call it. Owned by one {@link NioConnection}.
 */
final class ConnectionFlusher implements Runnable {

    /** logs under the connection's name, as the connection did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);

    /** gathering writes per flush at most, so one busy peer cannot hold the loop */
    static final int MAX_WRITES_PER_FLUSH = 16;
    /**
     * payloads at least this long are written from the sender's array instead of being copied into one
     * buffer with their framing: past this size the copy costs more than an extra buffer in a write
     */
    static final int WRAP_PAYLOAD_BYTES = 4096;

    /**
     * the connection written to; its socket, settings, events, interest, idle timer and lingering close are
     * read from it (the loop and the encoder are kept here: the per-frame path reads them)
     */
    private final NioConnection connection;
    private final EventLoop loop;
    private final FrameEncoder encoder;
    private final OutboundQueue outbound;
    /** lets business threads write replies themselves, or null when direct writes are off */
    private final DirectWriter directWriter;
    private final Runnable flushTask = this::flushFromTask;
    /** an end-of-iteration flush is already requested; loop thread only */
    private boolean flushRequested;
    /**
     * {@link #readThenFlushInLoop} is reading: a flush requested meanwhile is done right after the read, so it
     * is not also queued for the end of the iteration (one visit per ready key); loop thread only
     */
    private boolean flushingAfterRead;
    /** a flush task is queued on the loop for frames added from other threads */
    private final AtomicBoolean flushTaskQueued = new AtomicBoolean();

    /**
     * Made by the connection's constructor, after its transport layer and lingering close. Safe from any thread
     * (construction).
     *
     * @param directWrite business threads may write replies themselves ({@link DirectWriter})
     * @param plaintext the connection starts without a transport layer
     */
    ConnectionFlusher(NioConnection connection, FrameEncoder encoder, boolean directWrite, boolean plaintext) {
        this.connection = connection;
        this.loop = connection.loop;
        this.outbound = new OutboundQueue(loop);
        this.encoder = encoder;
        this.directWriter = directWrite ? new DirectWriter(connection, this, outbound, connection.channel,
                connection.events, connection.settings) : null;
        if (directWriter != null) {
            directWriter.plaintext(plaintext);
        }
    }

    // ---------------------------------------------------------------- queueing (any thread)

    /** See {@link NioConnection#enqueuePayload}. Safe from any thread. */
    void enqueuePayload(byte[] payload) {
        // with direct writes on, the loop queues through the hand-off queue too: the deque is the token's
        boolean toDeque = directWriter == null && loop.inLoop();
        if (payload.length >= WRAP_PAYLOAD_BYTES) {
            outbound.add(encoder.encodeWrapped(payload), toDeque);
        } else {
            outbound.add(encoder.encode(payload), toDeque);
        }
    }

    /** See {@link NioConnection#enqueuePooled}. Safe from any thread. */
    void enqueuePooled(PooledBuffer payload) {
        ByteBuffer[] frame;
        try {
            frame = encoder.encodeBuffer(payload.buffer());
        } catch (RuntimeException unframeable) {
            payload.release();
            throw unframeable;
        }
        outbound.addPooled(frame, payload, loop.inLoop());
        if (connection.isClosed()) {
            connection.runInLoopOrDrop(outbound::discard); // closed meanwhile: nobody will write it
        }
    }

    /** See {@link NioConnection#flushQueued}. Safe from any thread. */
    void flushQueued() {
        DirectWriter direct = directWriter;
        if (direct == null || loop.inLoop()) {
            requestFlush();
        } else {
            direct.write();
        }
    }

    /** See {@link NioConnection#requestFlush}. Safe from any thread. */
    void requestFlush() {
        if (loop.inLoop()) {
            if (!flushRequested) {
                flushRequested = true;
                if (!flushingAfterRead) {
                    loop.flushAtEndOfIterationInLoop(this);
                }
            }
        } else if (!connection.isClosed() && flushTaskQueued.compareAndSet(false, true)) {
            connection.executeInLoopOrDrop(flushTask);
        }
    }

    /** Bytes queued for writing. Safe from any thread. */
    long pendingBytes() {
        return outbound.pendingBytes();
    }

    /**
     * Bytes waiting to be written: the queued frames plus what the transport layer holds (encrypted records
     * the socket did not take). The watermarks apply to this sum. Safe from any thread (the layer's part may
     * lag).
     */
    long writeBacklog() {
        TransportLayer layer = connection.transport();
        return outbound.pendingBytes() + (layer == null ? 0 : layer.pendingNetworkBytes());
    }

    // ---------------------------------------------------------------- direct writes

    /** Allows direct writes while the connection has no transport layer. Loop thread only. */
    void plaintextInLoop(boolean plaintext) {
        loop.assertInLoop();
        if (directWriter != null) {
            directWriter.plaintext(plaintext); // only ever from a layer to plaintext, never back
        }
    }

    /** Output is done (written and closing, or closed): no direct write after this. Loop thread only. */
    void retireDirectWritesInLoop() {
        loop.assertInLoop();
        if (directWriter != null) {
            directWriter.token().retire();
        }
    }

    /** When a business thread last wrote bytes itself ({@link System#nanoTime()}), or 0. Safe from any thread. */
    long lastDirectWriteNanos() {
        return directWriter == null ? 0 : directWriter.lastWriteNanos();
    }

    /**
     * A business thread's direct write failed: closes at once as a failed loop write does, unless the
     * connection closed meanwhile. Loop thread only.
     */
    void closeAfterWriteFailureInLoop(IOException failure) {
        loop.assertInLoop();
        if (connection.isClosed()) {
            return;
        }
        log.debug("Connection {} ({}): write failed, closing: {}", connection.id(), connection.remoteAddress(),
                failure.toString());
        connection.events.connectionReset();
        connection.closeNowInLoop(CloseReason.PEER);
    }

    /** Drops everything queued and releases its pooled buffers (the connection closed). Loop thread only. */
    void discardInLoop() {
        loop.assertInLoop();
        outbound.discard();
    }

    // ---------------------------------------------------------------- flushing (loop thread)

    /**
     * Reads ({@link SocketReader}), then writes the replies of this read at once: the flush they request is done
     * here, not queued for the end of the iteration, so a ready connection costs one visit per iteration, not
     * two (with a thousand connections ready, the second visit was a thousand cold objects touched for
     * nothing). The flush runs even when the read fails, so a requested flush is never lost. Loop thread only.
     */
    void readThenFlushInLoop() {
        loop.assertInLoop();
        boolean queuedBefore = flushRequested; // already queued for the end of the iteration: leave it there
        flushingAfterRead = !queuedBefore;
        try {
            SocketReader.readInLoop(connection);
        } finally {
            flushingAfterRead = false;
            if (flushRequested && !queuedBefore) {
                flushRequested = false;
                flushInLoop();
            } else if (flushRequested) {
                flushInLoop(); // this read's replies leave now; the queued end-of-iteration flush then finds nothing
            }
        }
    }

    /** The flush task queued by another thread's {@link #requestFlush()}. Loop thread only. */
    private void flushFromTask() {
        flushTaskQueued.set(false);
        flushInLoop();
    }

    /**
     * The end-of-iteration flush: this object is what {@link #requestFlush()} hands the loop, so a connection
     * needs no extra object for it. Loop thread only.
     */
    @Override
    public void run() {
        flushAtEndOfIterationInLoop();
    }

    /** The flush requested for the end of the iteration (or by a register that found a close). Loop thread only. */
    void flushAtEndOfIterationInLoop() {
        loop.assertInLoop();
        flushRequested = false;
        flushInLoop();
    }

    /**
     * Writes what is queued; closes when a requested close finds the queue empty. With direct writes on, holds
     * the write token meanwhile: when a business thread holds it, does nothing (that thread asks for another
     * flush when it lets go). Loop thread only.
     */
    void flushInLoop() {
        loop.assertInLoop();
        if (connection.isClosed() || LingeringClose.isLingering(connection) || !connection.interest.isRegistered()) {
            return; // not registered yet: register() flushes; lingering: output is shut down
        }
        DirectWriter direct = directWriter;
        if (direct == null) {
            flushHoldingToken();
        } else if (direct.token().acquire()) {
            try {
                flushHoldingToken();
            } finally {
                if (direct.token().release()) {
                    requestFlush(); // a business thread found the token taken meanwhile
                }
            }
        }
    }

    /** The flush itself, with the write token held when there is one. Loop thread only. */
    private void flushHoldingToken() {
        if (!connection.interest.isWaitingForWritable()) {
            try {
                TransportLayer transport = connection.transport();
                ByteBuffer[] scratch = loop.scratch().writeScratch();
                long written = transport == null
                        ? outbound.writeTo(connection.channel, scratch, MAX_WRITES_PER_FLUSH)
                        : transport.flush(outbound, connection.channel, scratch, MAX_WRITES_PER_FLUSH,
                                connection.isClosing());
                if (written > 0) {
                    connection.events.bytesWritten(written);
                    connection.idleTimeout.activity();
                }
            } catch (IOException e) {
                log.debug("Connection {} ({}): write failed, closing: {}", connection.id(), connection.remoteAddress(),
                        e.toString());
                connection.events.connectionReset();
                connection.closeNowInLoop(CloseReason.PEER);
                return;
            }
            // socket full (or write cap reached): wait for OP_WRITE
            TransportLayer transport = connection.transport();
            connection.interest.afterFlush(transport == null ? !outbound.isEmpty() : transport.wantsWritable(outbound));
        }
        applyWatermarksInLoop();
        if (connection.isClosing() && isDrained()) {
            retireDirectWritesInLoop(); // output is done: no direct write after this
            LingeringClose.closeWrittenInLoop(connection);
        }
    }

    /** Everything queued is written, through the transport layer when there is one. Loop thread only. */
    private boolean isDrained() {
        TransportLayer transport = connection.transport();
        return transport == null ? outbound.isEmpty() : transport.isDrained(outbound, true);
    }

    /**
     * Stops reading above the high watermark and resumes at or below the low one
     * ({@link NioConnection#SUSPEND_WRITE_BACKLOG}). Loop thread only.
     */
    void applyWatermarksInLoop() {
        loop.assertInLoop();
        long pending = writeBacklog();
        if (pending > connection.settings.highWatermark()) {
            if (!connection.interest.isSuspended(NioConnection.SUSPEND_WRITE_BACKLOG)) {
                connection.interest.suspend(NioConnection.SUSPEND_WRITE_BACKLOG);
                connection.events.writeBacklogPause(true);
            }
        } else if (pending <= connection.settings.lowWatermark()
                && connection.interest.isSuspended(NioConnection.SUSPEND_WRITE_BACKLOG)) {
            connection.interest.resume(NioConnection.SUSPEND_WRITE_BACKLOG);
            connection.events.writeBacklogPause(false);
        }
    }
}
