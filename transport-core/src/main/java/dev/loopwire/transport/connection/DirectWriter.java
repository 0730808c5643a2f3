package dev.loopwire.transport.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * Lets a business thread that has just queued replies write them to the socket itself, as brpc does, instead
 * of handing them to the loop (a task, often a selector wake-up, and a flush on another thread): one
 * non-blocking write of the oldest frames of the hand-off queue (staged into one buffer on a
 * {@link BusinessThread}), when it wins the connection's {@link WriteToken} and nothing waits ahead of them.
 * Plaintext connections only: a TLS (or PROXY header) layer keeps every write on the loop.
 *
 * <p>What the socket does not take stays at the front of the queue, ahead of every later frame, and the loop
 * writes it; so does everything when the token is taken or frames wait ahead (the loop is flushing, the socket
 * was full): the business thread then only leaves its mark on the token, or asks the loop for a flush as
 * before. The loop flushes under the same token, so the socket sees one writer at a time, and because the
 * queue is checked while the token is held, a direct write can never overtake an earlier frame that the loop
 * has taken but not yet written. Watermarks, closing and lingering stay with the loop: it is asked to flush
 * whenever the attempt leaves anything behind, or when the backlog was above the low watermark (so a
 * connection paused by its backlog resumes), and a closing connection's loop flush finds the queue drained and
 * runs the graceful close as usual. A write error hands the close to the loop.
 *
 * <p>Owned by one {@link NioConnection}, made and held by its {@link ConnectionFlusher}. {@link #write()} is
 * called on a business thread (any thread but the loop); the scratch arrays are guarded by the token.
 */
final class DirectWriter {

    /** buffers one direct write takes at most; the rest is the loop's */
    static final int MAX_BUFFERS = 32;

    private final NioConnection connection;
    /** the connection's write side: closes the connection after a failed write */
    private final ConnectionFlusher flusher;
    private final OutboundQueue outbound;
    private final SocketChannel channel;
    private final ConnectionEvents events;
    private final WriteToken token = new WriteToken();
    /** a backlog above this before the attempt makes the loop flush afterwards, to apply the watermarks */
    private final int lowWatermark;
    /** the idle timeout is on: direct writes record the time of their last write */
    private final boolean trackActivity;
    /** no transport layer: direct writes allowed; changes on the loop, only from false to true */
    private volatile boolean plaintext;
    /** when the last direct write wrote bytes ({@link System#nanoTime()}), or 0; for the idle timeout */
    private volatile long lastWriteNanos;
    /** the buffers of one attempt; guarded by the token, made on first use */
    private ByteBuffer[] scratch;
    /** the buffer count to the end of each frame taken; guarded by the token */
    private int[] frameEnds;

    /** Made by the connection's {@link ConnectionFlusher} when direct writes are on. Any thread (construction). */
    DirectWriter(NioConnection connection, ConnectionFlusher flusher, OutboundQueue outbound, SocketChannel channel,
            ConnectionEvents events, ConnectionSettings settings) {
        this.connection = connection;
        this.flusher = flusher;
        this.outbound = outbound;
        this.channel = channel;
        this.events = events;
        this.lowWatermark = settings.lowWatermark();
        this.trackActivity = !settings.idleTimeout().isZero();
    }

    /** The token the loop's flush takes too. */
    WriteToken token() {
        return token;
    }

    /** Allows direct writes while the connection has no transport layer. Loop thread (or construction). */
    void plaintext(boolean value) {
        plaintext = value;
    }

    /** When a direct write last wrote bytes ({@link System#nanoTime()}), or 0 if never. Safe from any thread. */
    long lastWriteNanos() {
        return lastWriteNanos;
    }

    /**
     * Writes what the hand-off queue holds, or leaves it to the loop. Called by a business thread after it
     * queued replies (any thread but the loop).
     */
    void write() {
        if (!plaintext) {
            connection.requestFlush();
            return;
        }
        if (outbound.pendingBytes() == 0 || connection.isClosed()) {
            return; // written already (by the loop or another attempt), or dropped by the close
        }
        if (!token.acquire()) {
            if (!token.isRetired()) {
                events.directWriteDeferred(); // the holder flushes again when it lets go
            }
            return; // retired: output is done; the queued frames are dropped as before
        }
        long backlog = outbound.pendingBytes();
        if (!outbound.nothingAheadOfHandOff()) {
            token.release();
            events.directWriteDeferred();
            connection.requestFlush(); // the loop writes what waits ahead first, then these
            return;
        }
        ByteBuffer[] buffers = scratch();
        int frames = outbound.takeFrames(buffers, frameEnds);
        if (frames == 0) {
            if (token.release()) {
                connection.requestFlush();
            }
            return;
        }
        int count = frameEnds[frames - 1];
        long written;
        try {
            written = write(buffers, count);
        } catch (IOException failure) {
            failed(buffers, count, failure);
            return;
        }
        int firstLeft = 0;
        while (firstLeft < count && !buffers[firstLeft].hasRemaining()) {
            firstLeft++;
        }
        int whole = 0;
        while (whole < frames && frameEnds[whole] <= firstLeft) {
            whole++;
        }
        boolean partial = firstLeft < count;
        if (partial) {
            outbound.putFront(Arrays.copyOfRange(buffers, firstLeft, count));
        }
        Arrays.fill(buffers, 0, count, null);
        if (written > 0) {
            outbound.written(written);
            events.bytesWritten(written);
            if (trackActivity) {
                lastWriteNanos = System.nanoTime();
            }
        }
        events.directWrite(whole, partial);
        boolean missed = token.release();
        if (token.isRetired()) {
            outbound.discardFront(); // the connection closed meanwhile: what is left is ours to drop
            return;
        }
        if (missed || partial || outbound.hasHandOff() || backlog > lowWatermark) {
            connection.requestFlush();
        }
    }

    /** One non-blocking write, staged through the thread's buffer on one of Loopwire's {@link BusinessThread}s. */
    private long write(ByteBuffer[] buffers, int count) throws IOException {
        ByteBuffer staging = count >= StagedWrite.MIN_BUFFERS && Thread.currentThread() instanceof BusinessThread thread
                ? thread.writeStaging() : null;
        return StagedWrite.write(channel, buffers, count, staging);
    }

    /** The write failed (peer reset, broken pipe): no more direct writes; the loop closes the connection. */
    private void failed(ByteBuffer[] buffers, int count, IOException failure) {
        int firstLeft = 0;
        while (firstLeft < count && !buffers[firstLeft].hasRemaining()) {
            firstLeft++;
        }
        if (firstLeft < count) {
            outbound.putFront(Arrays.copyOfRange(buffers, firstLeft, count)); // dropped by the close
        }
        Arrays.fill(buffers, 0, count, null);
        token.retire();
        if (connection.isClosed()) {
            outbound.discardFront(); // the loop closed the socket under us: not a write error of the peer's
            return;
        }
        events.directWriteFailed();
        connection.executeInLoopOrDrop(() -> flusher.closeAfterWriteFailureInLoop(failure));
    }

    private ByteBuffer[] scratch() {
        if (scratch == null) {
            scratch = new ByteBuffer[MAX_BUFFERS];
            frameEnds = new int[MAX_BUFFERS];
        }
        return scratch;
    }
}
