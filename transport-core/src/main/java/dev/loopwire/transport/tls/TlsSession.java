package dev.loopwire.transport.tls;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.connection.TransportLayer;
import dev.loopwire.transport.loop.Timeout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS over an {@link SSLEngine}, as the {@link TransportLayer} of one connection, on its loop thread:
 * network bytes are unwrapped into the frame decoder, queued frames are wrapped into records.
 *
 * <ul>
 * <li>Delegated tasks (certificate checks, key exchange) run inline on the loop thread: no extra
 *     thread and no re-dispatch; they cost a few hundred microseconds per handshake on that loop.</li>
 * <li>Buffers: decrypted plaintext and encrypted output use per-loop-thread scratch buffers sized
 *     from the session ({@link TlsBuffers}); a connection keeps only a partial inbound record and
 *     the encrypted bytes the socket did not take.</li>
 * <li>Handshake timeout on the loop timer; frames are wrapped only after the handshake.</li>
 * <li>Close: close_notify is sent once the queue is written, then the socket closes (the peer's
 *     close_notify is not awaited). A received close_notify ends input like a half-close.</li>
 * <li>Renegotiation is refused: a handshake message after the first handshake on TLS 1.2 closes the
 *     connection (counted as {@link HandshakeFailure#RENEGOTIATION}); TLS 1.3 has none, and its
 *     post-handshake messages (tickets, key updates) are processed.</li>
 * <li>Post-handshake records that carry no application data (KeyUpdates, which the engine answers,
 *     empty records, alerts) are charged to a {@link PostHandshakeBudget}; past it the connection is
 *     closed ({@link HandshakeFailure#POST_HANDSHAKE_LIMIT}), so a peer cannot make the loop answer
 *     without end.</li>
 * <li>Encrypted bytes the socket did not take (e.g. answers a peer never reads) count toward the
 *     connection's write watermarks ({@link #pendingNetworkBytes()}): above the high mark it stops
 *     reading, so they stay bounded.</li>
 * </ul>
 *
 * <p>Threads: loop thread only, except {@link #handshakeFuture()}.
 */
public final class TlsSession implements TransportLayer {

    private static final Logger log = LoggerFactory.getLogger(TlsSession.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** how long a failed connection may take to send its alert before it is closed */
    private static final long ALERT_GRACE_MILLIS = 1000;
    /** engine calls per unwrap pass at most, so a confused engine cannot hold the loop */
    private static final int MAX_STEPS = 4096;

    private final NioConnection connection;
    private final SSLEngine engine;
    private final TlsEvents events;
    private final long handshakeTimeoutNanos;
    private final int postHandshakeMessages;
    private final long postHandshakeWindowNanos;
    private final CompletableFuture<SSLSession> handshake = new CompletableFuture<>();

    /** a partial inbound record, in write mode, or null */
    private ByteBuffer netIn;
    /** encrypted bytes the socket did not take */
    private final PendingOutput netOut = new PendingOutput();
    private long handshakeStartNanos;
    private boolean handshakeDone;
    /** what the peer may still send after the handshake besides application data; made when it finishes */
    private PostHandshakeBudget postHandshake;
    /** a fatal error: only the alert is still written, then the connection closes */
    private boolean failed;
    /** the peer sent close_notify */
    private volatile boolean closeNotifyReceived;
    private Timeout timer;

    public TlsSession(NioConnection connection, SSLEngine engine, TlsEvents events, TlsConfig config) {
        this.connection = connection;
        this.engine = engine;
        this.events = events;
        this.handshakeTimeoutNanos = config.handshakeTimeout().toNanos();
        this.postHandshakeMessages = config.postHandshakeMessages();
        this.postHandshakeWindowNanos = config.postHandshakeWindow().toNanos();
    }

    /** Completes with the session when the handshake finishes, exceptionally if it fails. Any thread. */
    public CompletableFuture<SSLSession> handshakeFuture() {
        return handshake;
    }

    /** True once the peer has sent close_notify (a clean TLS close). Any thread. */
    public boolean closeNotifyReceived() {
        return closeNotifyReceived;
    }

    /** The engine, for the negotiated session and peer certificates. */
    public SSLEngine engine() {
        return engine;
    }

    @Override
    public void start() {
        handshakeStartNanos = System.nanoTime();
        timer = connection.eventLoop().schedule(this::handshakeTimedOut, handshakeTimeoutNanos, TimeUnit.NANOSECONDS);
        try {
            engine.beginHandshake();
        } catch (SSLException e) {
            fail(HandshakeFailure.OTHER, e);
            return;
        }
        if (engine.getUseClientMode()) {
            connection.requestFlush(); // the ClientHello
        }
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void onNetworkBytes(ByteBuffer network) {
        if (failed) {
            network.position(network.limit());
            return;
        }
        ByteBuffer src = network;
        if (netIn != null) {
            netIn = TlsBuffers.append(netIn, network);
            netIn.flip();
            src = netIn;
        }
        unwrap(src);
        if (src == netIn) {
            netIn = src.hasRemaining() ? netIn.compact() : null;
        } else if (src.hasRemaining()) {
            netIn = TlsBuffers.append(ByteBuffer.allocate(engine.getSession().getPacketBufferSize()), src);
        }
    }

    private void unwrap(ByteBuffer src) {
        int overflowSize = 0;
        for (int step = 0; step < MAX_STEPS && !failed && !connection.isClosed(); step++) {
            ByteBuffer app = TlsBuffers.get().plaintext(
                    Math.max(engine.getSession().getApplicationBufferSize(), overflowSize));
            boolean afterHandshake = handshakeDone;
            SSLEngineResult result;
            try {
                result = engine.unwrap(src, app);
            } catch (SSLException e) {
                fail(TlsFailures.classify(e), e);
                return;
            }
            if (app.position() > 0) {
                app.flip();
                connection.decodeInboundInLoop(app);
            }
            if (!afterHandshakeStep(result.getHandshakeStatus(), true)) {
                return;
            }
            if (result.getStatus() == Status.CLOSED) {
                closeNotifyReceived = true;
                connection.requestFlush(); // a TLS 1.2 engine answers with its own close_notify
                connection.finishInputInLoop(CloseReason.PEER); // close_notify: the peer ended
                return;
            }
            if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
                return; // a partial record: wait for more bytes
            }
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                overflowSize = app.capacity() * 2; // the session asked for more room: try again larger
                continue;
            }
            if (afterHandshake && result.bytesConsumed() > 0 && result.bytesProduced() == 0 && !chargePostHandshake()) {
                return;
            }
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (status == HandshakeStatus.NEED_WRAP) {
                wrapHandshakeNow(); // the engine will not unwrap further before it has written
                continue;
            }
            if (!src.hasRemaining() || result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                return;
            }
        }
    }

    /**
     * Handles the status after a wrap or unwrap: a finished handshake, or a refused renegotiation.
     * Returns false when the connection failed.
     */
    private boolean afterHandshakeStep(HandshakeStatus status, boolean inbound) {
        if (status == HandshakeStatus.FINISHED) {
            if (!handshakeDone) {
                handshakeFinished();
            }
        } else if (handshakeDone && inbound && status != HandshakeStatus.NOT_HANDSHAKING
                && !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            fail(HandshakeFailure.RENEGOTIATION, new SSLException("the peer tried to renegotiate, which is refused"));
            return false;
        }
        return true;
    }

    /**
     * A record without application data arrived after the handshake: charges the budget, and fails the
     * connection when it is spent. Returns false when it failed.
     */
    private boolean chargePostHandshake() {
        if (postHandshake.tryCharge(System.nanoTime())) {
            return true;
        }
        fail(HandshakeFailure.POST_HANDSHAKE_LIMIT, new SSLException("the peer sent more than "
                + postHandshakeMessages + " post-handshake messages (key updates, empty records, alerts) in "
                + TimeUnit.NANOSECONDS.toSeconds(postHandshakeWindowNanos) + " s"));
        return false;
    }

    private void handshakeFinished() {
        handshakeDone = true;
        postHandshake = new PostHandshakeBudget(postHandshakeMessages, postHandshakeWindowNanos, System.nanoTime());
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        events.handshakeSucceeded(System.nanoTime() - handshakeStartNanos);
        SSLSession session = engine.getSession();
        log.debug("Connection {} ({}): TLS handshake done, {} {}", connection.id(), connection.remoteAddress(),
                session.getProtocol(), session.getCipherSuite());
        handshake.complete(session);
        connection.requestFlush(); // frames queued during the handshake
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // inline, on the loop thread (see the class javadoc)
        }
    }

    private void wrapHandshakeNow() {
        ByteBuffer out = TlsBuffers.get().network(engine.getSession().getPacketBufferSize());
        produceHandshake(out);
        netOut.keep(out.flip());
        connection.requestFlush();
    }

    // ------------------------------------------------------------------ outbound

    @Override
    public long flush(PlaintextQueue queue, GatheringByteChannel channel, ByteBuffer[] scratch, int maxWrites,
            boolean closing) throws IOException {
        long written = netOut.writeTo(channel);
        if (!netOut.isEmpty()) {
            return written;
        }
        for (int attempt = 0; attempt < maxWrites; attempt++) {
            ByteBuffer out = TlsBuffers.get().network(4 * engine.getSession().getPacketBufferSize());
            produce(out, queue, scratch, closing);
            if (out.position() == 0) {
                break;
            }
            out.flip();
            written += channel.write(out);
            if (out.hasRemaining()) {
                netOut.keep(out);
                break;
            }
        }
        return written;
    }

    /** Fills {@code out} with handshake records, then application records, then close_notify. */
    private void produce(ByteBuffer out, PlaintextQueue queue, ByteBuffer[] scratch, boolean closing) throws SSLException {
        if (!produceHandshake(out) || failed || !handshakeDone) {
            return;
        }
        while (out.remaining() >= engine.getSession().getPacketBufferSize() && !engine.isOutboundDone()) {
            if (queue.isEmpty()) {
                if (closing) {
                    engine.closeOutbound();
                    produceHandshake(out); // the close_notify
                }
                return;
            }
            int count = queue.peek(scratch);
            SSLEngineResult result;
            try {
                result = engine.wrap(scratch, 0, count, out);
            } finally {
                Arrays.fill(scratch, 0, count, null);
            }
            queue.consumed(result.bytesConsumed());
            if (result.getStatus() != Status.OK || result.bytesConsumed() == 0) {
                return;
            }
        }
    }

    /** Wraps while the engine needs to (handshake, alerts, close_notify). False if it failed. */
    private boolean produceHandshake(ByteBuffer out) {
        for (int step = 0; step < MAX_STEPS; step++) {
            HandshakeStatus status = engine.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (status != HandshakeStatus.NEED_WRAP) {
                return true;
            }
            SSLEngineResult result;
            try {
                result = engine.wrap(EMPTY, out);
            } catch (SSLException e) {
                if (!failed) {
                    fail(TlsFailures.classify(e), e);
                }
                return false;
            }
            if (!afterHandshakeStep(result.getHandshakeStatus(), false)) {
                return false;
            }
            if (result.getStatus() == Status.BUFFER_OVERFLOW) {
                return true; // out is full: the next flush round goes on
            }
            if (result.getStatus() == Status.CLOSED && result.bytesProduced() == 0) {
                return true;
            }
        }
        return true;
    }

    @Override
    public boolean wantsWritable(PlaintextQueue queue) {
        return !netOut.isEmpty() || handshakeDone && !failed && !queue.isEmpty() && !engine.isOutboundDone();
    }

    @Override
    public long pendingNetworkBytes() {
        return netOut.size();
    }

    @Override
    public boolean isDrained(PlaintextQueue queue, boolean closing) {
        if (!netOut.isEmpty()) {
            return false;
        }
        // closing before the handshake finished: nothing was sent that needs a close_notify
        return failed || engine.isOutboundDone() || queue.isEmpty() && (!closing || !handshakeDone);
    }

    // ------------------------------------------------------------------ end of input, failures, close

    @Override
    public void onInputEnded() {
        if (!handshakeDone && !failed) {
            failed = true;
            events.handshakeFailed(HandshakeFailure.PEER_CLOSED);
            handshake.completeExceptionally(new SSLException("the peer closed the connection during the TLS handshake"));
            connection.closeNowInLoop(CloseReason.ERROR);
            return;
        }
        try {
            engine.closeInbound();
        } catch (SSLException e) {
            log.debug("Connection {} ({}): peer closed without close_notify", connection.id(), connection.remoteAddress());
        }
    }

    private void handshakeTimedOut() {
        timer = null;
        if (failed || connection.isClosed()) {
            return;
        }
        failed = true;
        if (!handshakeDone) {
            events.handshakeFailed(HandshakeFailure.TIMEOUT);
            log.debug("Connection {} ({}): TLS handshake not done within {} ms, closing", connection.id(),
                    connection.remoteAddress(), TimeUnit.NANOSECONDS.toMillis(handshakeTimeoutNanos));
            handshake.completeExceptionally(new SSLException("TLS handshake timed out"));
        }
        connection.closeNowInLoop(CloseReason.ERROR);
    }

    private void fail(HandshakeFailure reason, SSLException cause) {
        if (failed) {
            return;
        }
        failed = true;
        events.handshakeFailed(reason);
        log.debug("Connection {} ({}): TLS failed ({}), closing: {}", connection.id(), connection.remoteAddress(),
                reason.tag(), cause.toString());
        handshake.completeExceptionally(cause);
        engine.closeOutbound();
        ByteBuffer out = TlsBuffers.get().network(engine.getSession().getPacketBufferSize());
        produceHandshake(out); // the alert, if the engine has one
        netOut.keep(out.flip());
        if (timer != null) {
            timer.cancel();
        }
        timer = connection.eventLoop().schedule(() -> connection.closeNowInLoop(CloseReason.ERROR), ALERT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        connection.close();
    }

    @Override
    public void onClosed() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
        if (!handshake.isDone()) {
            handshake.completeExceptionally(new SSLException("connection closed before the TLS handshake finished"));
        }
        netIn = null;
        netOut.clear();
    }
}
