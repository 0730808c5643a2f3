package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.buffer.PooledBuffer;
import dev.loopwire.transport.codec.FrameEncoder;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.IoHandler;
import dev.loopwire.transport.loop.Timeout;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on an {@link EventLoop}: reads into the loop's shared buffer, passes the bytes to its
 * {@link FrameReader} (which decodes them for the {@link InboundHandler}, through a TLS or PROXY
 * {@link TransportLayer} when there is one), and writes queued frames with gathering writes when a flush is
 * requested: at the end of the loop iteration for frames queued on the loop thread, through one queued task
 * per burst for frames queued by other threads. {@link IdleTimeout} closes it when idle.
 *
 * <p>Ownership: the socket, selection key, frame reader, idle timer and outbound deque belong to the
 * loop thread. The {@link Connection} methods are safe from any thread; methods marked "loop thread
 * only" start with {@link EventLoop#assertInLoop()}.
 *
 * <p>Reading stops while any suspension reason holds: the write backlog passed the high watermark, the
 * business pool is saturated, too many replies wait behind an incomplete asynchronous one, or input is
 * finished (peer half-close, fatal framing error, close).
 *
 * <p>Closing never destroys written replies: once a requested close finds everything written, the
 * connection shuts down its output and, unless the peer has already ended its input, lingers: it reads and
 * discards what the peer still sends until the peer's EOF or the linger timeout
 * ({@link ConnectionSettings#lingerTimeout()}), and only then closes the socket. Closing a socket with
 * unread input would make the kernel send a reset, which discards the replies the peer has not read yet.
 * {@link #closeNowInLoop} (errors, idle timeout, a shutdown deadline) still closes at once.
 *
 * <p>Direct writes: when {@link ConnectionSettings#directWrite()} is on and the inbound handler answers off
 * the loop ({@link InboundHandler#repliesOffLoop()}), a business thread that queued replies may write them
 * itself ({@link #flushQueued()}, {@link DirectWriter}) while the connection is plaintext. The loop's flush then
 * takes the same {@link WriteToken}, and every frame, from the loop too, goes through the hand-off queue.
 */
public final class NioConnection implements Connection, IoHandler {

    private static final Logger log = LoggerFactory.getLogger(NioConnection.class);
    private static final AtomicLong IDS = new AtomicLong();
    /**
     * Loads {@link CloseReason} with this class, while descriptors are still free: the close path needs it,
     * and loading it lazily during an EMFILE flood fails (the class file cannot be opened), which would
     * leave every connection of that flood unclosable
     */
    private static final CloseReason[] CLOSE_REASONS = CloseReason.values();

    /** reads per readiness event at most, so one busy peer cannot hold the loop */
    static final int MAX_READS_PER_EVENT = 4;
    /** gathering writes per flush at most, for the same reason */
    static final int MAX_WRITES_PER_FLUSH = 16;
    /**
     * payloads at least this long are written from the sender's array instead of being copied into one
     * buffer with their framing: past this size the copy costs more than an extra buffer in a write
     */
    static final int WRAP_PAYLOAD_BYTES = 4096;

    /** suspension reason: outbound backlog above the high watermark */
    public static final int SUSPEND_WRITE_BACKLOG = 1;
    /** suspension reason: the business pool has too many pending frames */
    public static final int SUSPEND_BACKPRESSURE = 2;
    /** suspension reason: no more input will be read (half-close, fatal error, closing, draining) */
    public static final int SUSPEND_INPUT_DONE = 4;
    /** suspension reason: too many replies wait behind an asynchronous reply that has not completed */
    public static final int SUSPEND_PENDING_REPLIES = 8;

    private final long id = IDS.incrementAndGet();
    private final SocketChannel channel;
    private final EventLoop loop;
    /** the peer's address, or the client address a trusted proxy reported (set before any frame) */
    private volatile InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private final FrameEncoder encoder;
    private final ConnectionSettings settings;
    private final ConnectionEvents events;
    private final InboundHandler inbound;
    private final OutboundQueue outbound = new OutboundQueue();
    /** turns incoming bytes into frames for the inbound handler */
    private final FrameReader reader;
    private final Runnable flushTask = this::flushFromTask;
    private final Runnable endOfIterationFlush = this::flushAtEndOfIterationInLoop;

    /** lets business threads write replies themselves, or null when direct writes are off */
    private final DirectWriter directWriter;
    /** TLS or PROXY-header stage between socket and decoder, or null for plaintext; loop thread only */
    private TransportLayer transport;
    /** the selection key and the interest ops: why it reads or not, whether it waits to write */
    private final ReadyInterest interest = new ReadyInterest();
    /** an end-of-iteration flush is already requested; loop thread only */
    private boolean flushRequested;
    /**
     * {@link #handleReady} is reading: a flush requested meanwhile is done by handleReady right after the
     * read, so it is not also queued for the end of the iteration (one visit per ready key); loop thread only
     */
    private boolean flushingAfterRead;
    /** closes the connection when idle too long; loop thread only */
    private final IdleTimeout idleTimeout;
    /** a flush task is queued on the loop for frames added from other threads */
    private final AtomicBoolean flushTaskQueued = new AtomicBoolean();
    /** close requested: finish writing, then close */
    private volatile boolean closing;
    /** the peer ended its input (end of stream read); loop thread only */
    private boolean inputEof;
    /** output is shut down; reading and discarding until the peer's EOF; loop thread only */
    private boolean lingering;
    /** ends a lingering close that waits too long for the peer's EOF, or null; loop thread only */
    private Timeout lingerTimer;
    /** the socket is closed */
    private volatile boolean closed;
    /** why it closes: the first cause recorded wins */
    private final AtomicReference<CloseReason> closeReason = new AtomicReference<>();
    /** user attributes, created on first use */
    private volatile ConcurrentMap<String, Object> attributes;

    /**
     * Wraps an accepted or connected channel. The connection is not live until {@link #register()}
     * runs on its loop. Safe from any thread.
     *
     * @param inboundFactory makes the inbound handler for this connection
     * @throws IOException if the channel cannot be configured
     */
    public NioConnection(SocketChannel channel, EventLoop loop, Framing framing, ConnectionSettings settings,
            ConnectionEvents events, Function<NioConnection, InboundHandler> inboundFactory) throws IOException {
        this(channel, loop, framing, settings, events, inboundFactory, null);
    }

    /**
     * Same, with a {@link TransportLayer} (TLS, PROXY header) made by {@code transportFactory}, which may
     * be null or return null for plaintext. Safe from any thread.
     */
    public NioConnection(SocketChannel channel, EventLoop loop, Framing framing, ConnectionSettings settings,
            ConnectionEvents events, Function<NioConnection, InboundHandler> inboundFactory,
            Function<NioConnection, TransportLayer> transportFactory) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.settings = settings;
        this.events = events;
        channel.configureBlocking(false);
        this.remoteAddress = (InetSocketAddress) channel.getRemoteAddress();
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.encoder = framing.encoder();
        this.inbound = inboundFactory.apply(this);
        this.reader = new FrameReader(this, framing.newDecoder(), events, inbound);
        this.idleTimeout = new IdleTimeout(this, loop, settings.idleTimeout().toNanos());
        this.transport = transportFactory == null ? null : transportFactory.apply(this);
        this.directWriter = settings.directWrite() && inbound.repliesOffLoop()
                ? new DirectWriter(this, outbound, channel, events, settings) : null;
        if (directWriter != null) {
            directWriter.plaintext(transport == null);
        }
    }

    /** Registers the channel for reading on the owning loop. Loop thread only. */
    public void register() throws IOException {
        loop.assertInLoop();
        interest.keyed(loop.register(channel, closing ? 0 : interest.initialOps(), this));
        loop.connectionCountChangedInLoop(1);
        idleTimeout.start();
        if (!closing) {
            inbound.onRegistered();
        }
        if (transport != null) {
            transport.start();
        }
        if (closing) {
            flushAtEndOfIterationInLoop();
        }
    }

    // ---------------------------------------------------------------- Connection (any thread)

    @Override
    public long id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean isOpen() {
        return !closing && !closed;
    }

    /** True once the socket is closed. Safe from any thread. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isWritable() {
        return writeBacklog() < settings.highWatermark();
    }

    /**
     * Bytes waiting to be written: the queued frames plus what the transport layer holds (encrypted
     * records the socket did not take). The watermarks apply to this sum. Any thread (the layer's part
     * may lag).
     */
    private long writeBacklog() {
        TransportLayer layer = transport;
        return outbound.pendingBytes() + (layer == null ? 0 : layer.pendingNetworkBytes());
    }

    @Override
    public void send(byte[] frame) {
        if (closed) {
            return;
        }
        enqueuePayload(frame);
        requestFlush();
    }

    /** Closes with reason {@link CloseReason#LOCAL}; see {@link #close(CloseReason)}. */
    @Override
    public void close() {
        close(CloseReason.LOCAL);
    }

    /**
     * Closes gracefully as {@link Connection#close()} does, recording {@code reason} unless a reason is
     * already recorded. Safe from any thread.
     */
    public void close(CloseReason reason) {
        if (closing || closed) {
            return;
        }
        noteCloseReason(reason);
        closing = true;
        runInLoopOrDrop(() -> {
            suspendReadingInLoop(SUSPEND_INPUT_DONE);
            requestFlush();
        });
    }

    @Override
    public CloseReason closeReason() {
        return closeReason.get();
    }

    /** Records why the connection closes, unless a reason is already recorded. Safe from any thread. */
    public void noteCloseReason(CloseReason reason) {
        closeReason.compareAndSet(null, reason);
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public ConcurrentMap<String, Object> attributes() {
        ConcurrentMap<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    map = new ConcurrentHashMap<>(4);
                    attributes = map;
                }
            }
        }
        return map;
    }

    // ---------------------------------------------------------------- writing (any thread)

    /**
     * Encodes and queues one frame without flushing; call {@link #requestFlush()} after a batch. A payload
     * of {@link #WRAP_PAYLOAD_BYTES} or more is written from this array, not copied: it must not change
     * afterwards. Safe from any thread.
     */
    public void enqueuePayload(byte[] payload) {
        // with direct writes on, the loop queues through the hand-off queue too: the deque is the token's
        boolean toDeque = directWriter == null && loop.inLoop();
        if (payload.length >= WRAP_PAYLOAD_BYTES) {
            outbound.add(encoder.encodeWrapped(payload), toDeque);
        } else {
            outbound.add(encoder.encode(payload), toDeque);
        }
    }

    /**
     * Writes what business code queued, at the end of its batch: on a business thread with direct writes on,
     * one non-blocking write attempt right here when the socket is free ({@link DirectWriter}); otherwise, and
     * for what that attempt leaves, a loop flush as {@link #requestFlush()} asks for. Safe from any thread.
     */
    public void flushQueued() {
        DirectWriter direct = directWriter;
        if (direct == null || loop.inLoop()) {
            requestFlush();
        } else {
            direct.write();
        }
    }

    /**
     * Encodes and queues one frame whose payload is {@code payload}'s buffer from position to limit, written
     * from that buffer, without flushing. The queue owns {@code payload} from now on and releases it once
     * written or when the connection closes; if it cannot be framed it is released here. Safe from any thread.
     *
     * @throws IllegalArgumentException when the payload cannot be framed
     */
    public void enqueuePooled(PooledBuffer payload) {
        ByteBuffer[] frame;
        try {
            frame = encoder.encodeBuffer(payload.buffer());
        } catch (RuntimeException unframeable) {
            payload.release();
            throw unframeable;
        }
        outbound.addPooled(frame, payload, loop.inLoop());
        if (closed) {
            runInLoopOrDrop(outbound::discard); // closed meanwhile: nobody will write it
        }
    }

    /**
     * Asks the loop to write what is queued: at the end of the current iteration when called on the
     * loop thread, otherwise through one queued task per burst (deduplicated). Safe from any thread.
     */
    public void requestFlush() {
        if (loop.inLoop()) {
            if (!flushRequested) {
                flushRequested = true;
                if (!flushingAfterRead) {
                    loop.flushAtEndOfIterationInLoop(endOfIterationFlush);
                }
            }
        } else if (!closed && flushTaskQueued.compareAndSet(false, true)) {
            executeInLoopOrDrop(flushTask);
        }
    }

    /**
     * Runs {@code task} on the owning loop. A loop that has already terminated closed this connection
     * when it stopped, so a task that arrives later has nothing left to do and is dropped. Any thread.
     */
    public void executeInLoopOrDrop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException terminated) {
            log.debug("Connection {}: loop {} has terminated; dropping a late task", id, loop.name());
        }
    }

    /** Runs {@code task} now when called on the owning loop, otherwise as {@link #executeInLoopOrDrop} does. Any thread. */
    public void runInLoopOrDrop(Runnable task) {
        if (loop.inLoop()) {
            task.run();
        } else {
            executeInLoopOrDrop(task);
        }
    }

    /** Bytes queued for writing. Safe from any thread. */
    public long pendingOutboundBytes() {
        return outbound.pendingBytes();
    }

    // ---------------------------------------------------------------- read suspension (loop thread)

    /** Stops reading for {@code reason} (a SUSPEND_* bit). Loop thread only. */
    public void suspendReadingInLoop(int reason) {
        loop.assertInLoop();
        interest.suspend(reason);
    }

    /** Lifts {@code reason}; reading resumes when no reason is left. Loop thread only. */
    public void resumeReadingInLoop(int reason) {
        loop.assertInLoop();
        interest.resume(reason);
    }

    /** True while {@code reason} holds. Loop thread only. */
    public boolean isSuspended(int reason) {
        loop.assertInLoop();
        return interest.isSuspended(reason);
    }

    // ---------------------------------------------------------------- IoHandler (loop thread)

    @Override
    public void handleReady(SelectionKey readyKey) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            interest.writable();
            flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
            if (lingering) {
                discardInput();
                return;
            }
            readThenFlush();
        }
    }

    /**
     * Reads, then writes the replies of this read at once: the flush they request is done here, not queued
     * for the end of the iteration, so a ready connection costs one visit per iteration, not two (with a
     * thousand connections ready, the second visit was a thousand cold objects touched for nothing). The
     * flush runs even when the read fails, so a requested flush is never lost. Loop thread only.
     */
    private void readThenFlush() {
        boolean queuedBefore = flushRequested; // already queued for the end of the iteration: leave it there
        flushingAfterRead = !queuedBefore;
        try {
            read();
        } finally {
            flushingAfterRead = false;
            if (flushRequested && !queuedBefore) {
                flushRequested = false;
                flush();
            } else if (flushRequested) {
                flush(); // this read's replies leave now; the queued end-of-iteration flush then finds nothing
            }
        }
    }

    @Override
    public void rekeyed(SelectionKey newKey) {
        interest.keyed(newKey);
    }

    @Override
    public void closeOnLoopFailure(Throwable cause) {
        closeNowInLoop(CloseReason.ERROR);
    }

    @Override
    public void closeOnLoopShutdown() {
        closeNowInLoop(CloseReason.SHUTDOWN);
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer();
        try {
            for (int reads = 0; reads < MAX_READS_PER_EVENT && interest.isReading(); reads++) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    inputEnded();
                    break;
                }
                if (n == 0) {
                    break;
                }
                events.bytesRead(n);
                buffer.flip();
                if (transport == null) {
                    decodeInboundInLoop(buffer);
                } else {
                    transport.onNetworkBytes(buffer);
                    if (closed) {
                        break;
                    }
                }
                reader.handOff(); // per read, so backpressure sees at most one buffer's worth late
                if (writeBacklog() > settings.highWatermark()) {
                    applyWatermarks(); // this read's replies passed the high mark: read no more until they drain
                }
                if (n < buffer.capacity()) {
                    break; // the socket had no more
                }
            }
        } catch (IOException e) {
            log.debug("Connection {} ({}): read failed, closing: {}", id, remoteAddress, e.toString());
            events.connectionReset();
            closeNowInLoop(CloseReason.PEER);
        }
    }

    /** A batch of frames came in: the connection is active. Loop thread only. */
    void frameActivity() {
        idleTimeout.activity();
    }

    /**
     * True while a handler runs or waits to run for this connection, or a reply is pending behind an
     * asynchronous one: such a connection is not idle. Loop thread only.
     */
    boolean hasWorkInFlight() {
        return inbound.hasWorkInFlight();
    }

    private void inputEnded() {
        inputEof = true;
        noteCloseReason(CloseReason.PEER);
        if (transport != null) {
            transport.onInputEnded();
        }
        reader.dropPartialFrame();
        finishInputInLoop(CloseReason.PEER);
    }

    /**
     * Stops reading for good and tells the inbound handler that no frame follows, so it answers what
     * it has and then closes: what a peer's half-close does, and what a graceful shutdown does to every
     * connection. Does nothing if input already ended. Loop thread only.
     *
     * @param reason recorded as the close reason unless one is already recorded
     */
    public void finishInputInLoop(CloseReason reason) {
        loop.assertInLoop();
        if (closed || isSuspended(SUSPEND_INPUT_DONE)) {
            return;
        }
        noteCloseReason(reason);
        suspendReadingInLoop(SUSPEND_INPUT_DONE);
        inbound.onInputClosed();
    }

    // ---------------------------------------------------------------- flushing (loop thread)

    private void flushFromTask() {
        flushTaskQueued.set(false);
        flush();
    }

    private void flushAtEndOfIterationInLoop() {
        flushRequested = false;
        flush();
    }

    /**
     * Writes what is queued; closes when a requested close finds the queue empty. With direct writes on, holds
     * the write token meanwhile: when a business thread holds it, does nothing (that thread asks for another
     * flush when it lets go). Loop thread only.
     */
    private void flush() {
        loop.assertInLoop();
        if (closed || lingering || !interest.isRegistered()) {
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
        if (!interest.isWaitingForWritable()) {
            try {
                long written = transport == null
                        ? outbound.writeTo(channel, loop.writeScratch(), MAX_WRITES_PER_FLUSH)
                        : transport.flush(outbound, channel, loop.writeScratch(), MAX_WRITES_PER_FLUSH, closing);
                if (written > 0) {
                    events.bytesWritten(written);
                    idleTimeout.activity();
                }
            } catch (IOException e) {
                log.debug("Connection {} ({}): write failed, closing: {}", id, remoteAddress, e.toString());
                events.connectionReset();
                closeNowInLoop(CloseReason.PEER);
                return;
            }
            // socket full (or write cap reached): wait for OP_WRITE
            interest.afterFlush(transport == null ? !outbound.isEmpty() : transport.wantsWritable(outbound));
        }
        applyWatermarks();
        if (closing && (transport == null ? outbound.isEmpty() : transport.isDrained(outbound, true))) {
            closeWritten();
        }
    }

    private void applyWatermarks() {
        long pending = writeBacklog();
        if (pending > settings.highWatermark()) {
            if (!isSuspended(SUSPEND_WRITE_BACKLOG)) {
                suspendReadingInLoop(SUSPEND_WRITE_BACKLOG);
                events.writeBacklogPause(true);
            }
        } else if (pending <= settings.lowWatermark() && isSuspended(SUSPEND_WRITE_BACKLOG)) {
            resumeReadingInLoop(SUSPEND_WRITE_BACKLOG);
            events.writeBacklogPause(false);
        }
    }

    // ---------------------------------------------------------------- close (loop thread)

    /**
     * Everything queued is written and a close was requested: closes at once when the peer has already
     * ended its input (or lingering is off), otherwise shuts down output and lingers. Loop thread only.
     */
    private void closeWritten() {
        if (directWriter != null) {
            directWriter.token().retire(); // output is done: no direct write after this
        }
        long lingerNanos = settings.lingerTimeout().toNanos();
        if (inputEof || lingerNanos == 0) {
            closeNowInLoop(CloseReason.LOCAL);
            return;
        }
        try {
            channel.shutdownOutput(); // the peer reads every reply, then EOF
        } catch (IOException e) {
            log.debug("Connection {} ({}): shutting down output failed, closing: {}", id, remoteAddress, e.toString());
            closeNowInLoop(CloseReason.PEER);
            return;
        }
        lingering = true;
        events.lingeringCloseStarted();
        idleTimeout.cancel(); // the linger timer bounds what is left
        interest.linger();
        lingerTimer = loop.schedule(this::lingerExpired, lingerNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Lingering: reads and discards what the peer still sends, at most {@link #MAX_READS_PER_EVENT} reads
     * of the loop's shared buffer per event, and closes at the peer's EOF. Loop thread only.
     */
    private void discardInput() {
        ByteBuffer buffer = loop.readBuffer();
        try {
            for (int reads = 0; reads < MAX_READS_PER_EVENT; reads++) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    closeNowInLoop(CloseReason.LOCAL); // the peer read everything and closed: a clean close
                    return;
                }
                if (n == 0) {
                    return;
                }
                events.lingerBytesDiscarded(n);
                if (n < buffer.capacity()) {
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("Connection {} ({}): read while lingering failed, closing: {}", id, remoteAddress, e.toString());
            closeNowInLoop(CloseReason.LOCAL);
        }
    }

    private void lingerExpired() {
        lingerTimer = null;
        if (closed) {
            return;
        }
        log.debug("Connection {} ({}): no EOF from the peer within the linger timeout of {}; closing", id,
                remoteAddress, settings.lingerTimeout());
        events.lingerTimedOut();
        closeNowInLoop(CloseReason.LOCAL);
    }

    /**
     * Closes the socket at once and releases everything, recording {@code reason} unless a reason is
     * already recorded. The inbound handler learns of it before the events do, so work it posts (the
     * lifecycle's close call) is handed on before a shutdown waiting for the last close releases the
     * executor. Idempotent. Loop thread only.
     */
    public void closeNowInLoop(CloseReason reason) {
        loop.assertInLoop();
        if (closed) {
            return;
        }
        noteCloseReason(reason);
        closed = true;
        closing = true;
        if (directWriter != null) {
            directWriter.token().retire();
        }
        idleTimeout.cancel();
        if (lingerTimer != null) {
            lingerTimer.cancel();
            lingerTimer = null;
        }
        reader.release();
        outbound.discard();
        if (transport != null) {
            transport.onClosed();
        }
        if (interest.cancel()) {
            loop.connectionCountChangedInLoop(-1);
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Connection {}: closing the socket failed", id, e);
        }
        inbound.onClosed();
        events.closed(this, closeReason.get());
    }

    // ---------------------------------------------------------------- transport layers (loop thread)

    /**
     * Decodes plaintext a {@link TransportLayer} produced, as if it had been read from the socket; the
     * buffer is consumed or its partial frame copied. Loop thread only.
     */
    public void decodeInboundInLoop(ByteBuffer plaintext) {
        loop.assertInLoop();
        if (!reader.decode(plaintext)) {
            suspendReadingInLoop(SUSPEND_INPUT_DONE); // the stream cannot be resynchronised
        }
    }

    /** The connection's transport layer, or null for plaintext. Loop thread only. */
    public TransportLayer transportLayer() {
        loop.assertInLoop();
        return transport;
    }

    /** Replaces the transport layer, e.g. a PROXY header reader by the next layer or none. Loop thread only. */
    public void replaceTransportLayerInLoop(TransportLayer next) {
        loop.assertInLoop();
        transport = next;
        if (directWriter != null) {
            directWriter.plaintext(next == null); // only ever from a layer to plaintext, never back
        }
    }

    /**
     * A business thread's direct write failed: closes at once as a failed loop write does, unless the
     * connection closed meanwhile. Loop thread only.
     */
    void closeAfterWriteFailureInLoop(IOException failure) {
        loop.assertInLoop();
        if (closed) {
            return;
        }
        log.debug("Connection {} ({}): write failed, closing: {}", id, remoteAddress, failure.toString());
        events.connectionReset();
        closeNowInLoop(CloseReason.PEER);
    }

    /**
     * When a business thread last wrote bytes to this connection itself ({@link System#nanoTime()}), or 0 if
     * never: activity for the idle timeout. Safe from any thread.
     */
    long lastDirectWriteNanos() {
        return directWriter == null ? 0 : directWriter.lastWriteNanos();
    }

    /** Reports {@code address} (a trusted proxy's client) as the remote address from now on. Loop thread only. */
    public void setRemoteAddressInLoop(InetSocketAddress address) {
        loop.assertInLoop();
        remoteAddress = address;
    }

    @Override
    public String toString() {
        return "Connection[" + id + ", " + remoteAddress + "]";
    }
}
