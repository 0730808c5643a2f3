package dev.loopwire.transport.connection;

import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Connection;
import dev.loopwire.transport.buffer.PooledBuffer;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on an {@link EventLoop}: its identity, registration, the {@link Connection} API, the
 * reasons to stop reading, closing, and the hooks of its {@link TransportLayer} (TLS, PROXY header). The work
 * is done by one class per concept (the first and third stateless, working on this connection's package-private
 * fields, so the split costs no heap per connection): {@link SocketReader} reads into the
 * loop's shared buffer and feeds the {@link FrameReader} (which decodes frames for the {@link InboundHandler});
 * {@link ConnectionFlusher} queues frames and writes them with gathering writes when a flush is requested (at
 * the end of the loop iteration for frames queued on the loop thread, through one queued task per burst for
 * frames queued by other threads, right after a read for that read's replies) and applies the watermarks;
 * {@link LingeringClose} ends a graceful close; {@link IdleTimeout} closes it when idle.
 *
 * <p>Ownership: the socket, selection key, frame reader, idle timer and the collaborators' state belong to the
 * loop thread; the outbound queue takes frames from any thread. The {@link Connection} methods are safe from
 * any thread; methods marked "loop thread only" start with {@link EventLoop#assertInLoop()}.
 *
 * <p>Reading stops while any suspension reason holds: the write backlog passed the high watermark, the
 * business pool is saturated, too many replies wait behind an incomplete asynchronous one, or input is
 * finished (peer half-close, fatal framing error, close).
 *
 * <p>Closing never destroys written replies: once a requested close finds everything written, the connection
 * shuts down its output and lingers ({@link LingeringClose}) until the peer's EOF or
 * {@link ConnectionSettings#lingerTimeout()}, and only then closes the socket. {@link #closeNowInLoop}
 * (errors, idle timeout, a shutdown deadline) still closes at once.
 *
 * <p>Direct writes: a business thread that queued replies may write them itself ({@link #flushQueued()});
 * {@link ConnectionFlusher} says when.
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
    /**
     * Loads the stateless collaborators with this class too, for the same reason: the first connection to read
     * or linger may be an idle one whose peer closes during an EMFILE flood, and a class that fails to load
     * there stays unresolved for every later connection
     */
    private static final Class<?>[] LOADED_EARLY = {SocketReader.class, LingeringClose.class};

    /** suspension reason: outbound backlog above the high watermark */
    public static final int SUSPEND_WRITE_BACKLOG = 1;
    /** suspension reason: the business pool has too many pending frames */
    public static final int SUSPEND_BACKPRESSURE = 2;
    /** suspension reason: no more input will be read (half-close, fatal error, closing, draining) */
    public static final int SUSPEND_INPUT_DONE = 4;
    /** suspension reason: too many replies wait behind an asynchronous reply that has not completed */
    public static final int SUSPEND_PENDING_REPLIES = 8;

    // The collaborators (ConnectionFlusher, LingeringClose, SocketReader) read the package-private fields below
    // instead of holding copies, and the last two are stateless: that keeps the heap per connection as it was.

    private final long id = IDS.incrementAndGet();
    final SocketChannel channel;
    final EventLoop loop;
    /** the peer's address, or the client address a trusted proxy reported (set before any frame) */
    private volatile InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    final ConnectionSettings settings;
    final ConnectionEvents events;
    private final InboundHandler inbound;
    /** turns incoming bytes into frames for the inbound handler */
    final FrameReader reader;
    /** TLS or PROXY-header stage between socket and decoder, or null for plaintext; loop thread only */
    private TransportLayer transport;
    /** the selection key and the interest ops: why it reads or not, whether it waits to write */
    final ReadyInterest interest = new ReadyInterest();
    /** closes the connection when idle too long; loop thread only */
    final IdleTimeout idleTimeout;
    // the state of the lingering close: written by LingeringClose only; loop thread only
    /** the peer ended its input (end of stream read) */
    boolean peerInputEnded;
    /** output is shut down; reading and discarding until the peer's EOF */
    boolean lingering;
    /** ends a lingering close that waits too long for the peer's EOF, or null */
    Timeout lingerTimer;
    /** queues and writes frames, applies the watermarks */
    final ConnectionFlusher flusher;
    /** close requested: finish writing, then close */
    private volatile boolean closing;
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
        this.inbound = inboundFactory.apply(this);
        this.reader = new FrameReader(this, framing.newDecoder(), events, inbound);
        this.idleTimeout = new IdleTimeout(this, loop, settings.idleTimeout().toNanos());
        this.transport = transportFactory == null ? null : transportFactory.apply(this);
        boolean directWrite = settings.directWrite() && inbound.repliesOffLoop();
        this.flusher = new ConnectionFlusher(this, framing.encoder(), directWrite, transport == null);
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
            flusher.flushAtEndOfIterationInLoop();
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

    /** True once a close was requested (or done). Safe from any thread. */
    boolean isClosing() {
        return closing;
    }

    @Override
    public boolean isWritable() {
        return flusher.writeBacklog() < settings.highWatermark();
    }

    @Override
    public void send(byte[] frame) {
        if (closed) {
            return;
        }
        flusher.enqueuePayload(frame);
        flusher.requestFlush();
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
     * of 4 KiB or more is written from this array, not copied: it must not change afterwards. Safe from any
     * thread.
     */
    public void enqueuePayload(byte[] payload) {
        flusher.enqueuePayload(payload);
    }

    /**
     * Writes what business code queued, at the end of its batch: on a business thread with direct writes on,
     * one non-blocking write attempt right here when the socket is free ({@link DirectWriter}); otherwise, and
     * for what that attempt leaves, a loop flush as {@link #requestFlush()} asks for. Safe from any thread.
     */
    public void flushQueued() {
        flusher.flushQueued();
    }

    /**
     * Encodes and queues one frame whose payload is {@code payload}'s buffer from position to limit, written
     * from that buffer, without flushing. The queue owns {@code payload} from now on and releases it once
     * written or when the connection closes; if it cannot be framed it is released here. Safe from any thread.
     *
     * @throws IllegalArgumentException when the payload cannot be framed
     */
    public void enqueuePooled(PooledBuffer payload) {
        flusher.enqueuePooled(payload);
    }

    /**
     * Asks the loop to write what is queued: at the end of the current iteration when called on the
     * loop thread, otherwise through one queued task per burst (deduplicated). Safe from any thread.
     */
    public void requestFlush() {
        flusher.requestFlush();
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
        return flusher.pendingBytes();
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
            flusher.flushInLoop();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
            if (LingeringClose.isLingering(this)) {
                LingeringClose.discardInputInLoop(this);
                return;
            }
            flusher.readThenFlushInLoop();
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

    // ---------------------------------------------------------------- input end, close (loop thread)

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
        flusher.retireDirectWritesInLoop();
        idleTimeout.cancel();
        LingeringClose.cancelInLoop(this);
        reader.release();
        flusher.discardInLoop();
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

    /**
     * The transport layer without the loop check, for this connection's collaborators: loop thread only, but
     * for {@link ConnectionFlusher#writeBacklog()}, which may read a stale value from any thread.
     */
    TransportLayer transport() {
        return transport;
    }

    /** Replaces the transport layer, e.g. a PROXY header reader by the next layer or none. Loop thread only. */
    public void replaceTransportLayerInLoop(TransportLayer next) {
        loop.assertInLoop();
        transport = next;
        flusher.plaintextInLoop(next == null); // only ever from a layer to plaintext, never back
    }

    /**
     * When a business thread last wrote bytes to this connection itself ({@link System#nanoTime()}), or 0 if
     * never: activity for the idle timeout. Safe from any thread.
     */
    long lastDirectWriteNanos() {
        return flusher.lastDirectWriteNanos();
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
