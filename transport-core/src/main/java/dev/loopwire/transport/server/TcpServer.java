package dev.loopwire.transport.server;

import dev.loopwire.transport.buffer.BufferPoolStats;
import dev.loopwire.transport.buffer.LoopBufferPools;
import dev.loopwire.transport.CloseReason;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.connection.InboundHandler;
import dev.loopwire.transport.connection.NioConnection;
import dev.loopwire.transport.dispatch.Backpressure;
import dev.loopwire.transport.dispatch.DispatchContext;
import dev.loopwire.transport.dispatch.FailureLog;
import dev.loopwire.transport.dispatch.InLoopDispatcher;
import dev.loopwire.transport.dispatch.MixedDispatch;
import dev.loopwire.transport.dispatch.MixedDispatcher;
import dev.loopwire.transport.dispatch.PooledDispatcher;
import dev.loopwire.transport.loop.EventLoop;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import dev.loopwire.transport.stats.ServerStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server: one acceptor loop, N I/O loops (its own or a shared group) and, for pool dispatch, a
 * business executor (its own or a shared one). Built from a {@link TcpServerConfig}.
 *
 * <p>Lifecycle: {@link #start()} binds and returns once listening; {@link #shutdownGracefully(Duration)}
 * stops accepting, stops reading, lets every accepted request finish and its reply flush, closes each
 * connection when it is done, and forces the rest closed at the timeout. Resources the server made
 * itself (loops, executor) are released at the end; shared ones are left to their owner.
 *
 * <p>Every public method is safe from any thread.
 */
public final class TcpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TcpServer.class);

    /** Server lifecycle states. */
    public enum State { NEW, RUNNING, DRAINING, STOPPED }

    private final TcpServerConfig config;
    private final ServerStats stats = new ServerStats();
    private final ServerConnections connections;
    private final OpenConnections openConnections;
    private final Backpressure backpressure;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final ConnectionLayers layers;
    /** the connection events of each loop that carries this server's connections (per-loop traffic cells) */
    private final java.util.concurrent.ConcurrentMap<EventLoop, LoopConnectionEvents> loopEvents =
            new java.util.concurrent.ConcurrentHashMap<>();

    private EventLoopGroup ioLoops;
    /** one buffer pool per I/O loop, for a buffer handler; else null */
    private volatile LoopBufferPools bufferPools;
    private boolean ownsIoLoops;
    private EventLoop acceptorLoop;
    private Executor businessExecutor;
    private boolean ownsBusinessExecutor;
    private Acceptor acceptor;
    private InetSocketAddress boundAddress;
    private DispatchContext dispatchContext;
    /** per-route dispatch; null when no route overrides the server's dispatch */
    private MixedDispatch mixedDispatch;
    /** executors made for routes that override the server's dispatch, shut down with the server */
    private final List<ExecutorService> routeExecutors = new ArrayList<>();

    public TcpServer(TcpServerConfig config) {
        this.config = config;
        this.openConnections = new OpenConnections(config.name(), stats, config.slowConsumerPolicy());
        this.connections = new ServerConnections(stats, config.maxConnections(), openConnections);
        int high = config.maxPendingFrames();
        this.backpressure = new Backpressure(high, high / 2);
        this.layers = new ConnectionLayers(config, stats.security());
    }

    /**
     * Binds the port and starts accepting. Returns once the socket listens; {@link #port()} then gives
     * the actual port.
     *
     * @throws UncheckedIOException if the address cannot be bound (the message names it)
     * @throws IllegalStateException if already started, or the dispatch mode cannot run on this JVM
     */
    public TcpServer start() {
        if (!state.compareAndSet(State.NEW, State.RUNNING)) {
            throw new IllegalStateException("server " + config.name() + " was already started");
        }
        try {
            initializeSocketClosePath();
            createExecution();
            ServerSocketChannel channel = bind();
            acceptorLoop = newAcceptorLoop();
            acceptor = new Acceptor(config.name(), channel, acceptorLoop, this::admit, stats::acceptFailed);
            CompletableFuture<Void> listening = new CompletableFuture<>();
            acceptorLoop.execute(() -> {
                try {
                    acceptor.register();
                    listening.complete(null);
                } catch (IOException | RuntimeException e) {
                    listening.completeExceptionally(e);
                }
            });
            listening.join();
            log.info("Server {} listening on {} ({}, dispatch {}, {} I/O loops)", config.name(), boundAddress,
                    config.framing(), config.dispatch().name().toLowerCase()
                            + (mixedDispatch == null ? "" : ", routes override it"), ioLoops.loops().size());
            return this;
        } catch (RuntimeException e) {
            state.set(State.STOPPED);
            releaseResources();
            stopped.complete(null);
            throw e;
        }
    }

    /**
     * Opens and closes a socket once, so the JDK initializes the classes that close sockets while file
     * descriptors are still free. Their static initializer needs a descriptor of its own: if the first
     * socket close of the JVM happened during an EMFILE flood, it would fail, and every later close would
     * throw NoClassDefFoundError, leaking descriptors for good.
     */
    private void initializeSocketClosePath() {
        try {
            SocketChannel.open().close();
        } catch (IOException e) {
            throw new UncheckedIOException("server " + config.name() + " could not open a socket", e);
        }
    }

    private void createExecution() {
        if (config.eventLoopGroup() != null) {
            ioLoops = config.eventLoopGroup();
        } else {
            ioLoops = new EventLoopGroup(config.ioThreads(), "loopwire-" + config.name() + "-io", LoopChooser.roundRobin());
            ownsIoLoops = true;
        }
        if (config.dispatch() != Dispatch.IO) {
            if (config.businessExecutor() != null) {
                businessExecutor = config.businessExecutor();
            } else if (config.dispatch() == Dispatch.VIRTUAL) {
                businessExecutor = BusinessExecutors.virtualThreads();
                ownsBusinessExecutor = true;
            } else {
                businessExecutor = BusinessExecutors.bounded("loopwire-" + config.name() + "-worker",
                        config.businessThreads(), config.maxConnections() + 1024);
                ownsBusinessExecutor = true;
            }
        }
        mixedDispatch = RouteExecutors.create(config, businessExecutor, routeExecutors);
        boolean business = config.dispatch() != Dispatch.IO || mixedDispatch != null;
        if (config.bufferHandler() != null) {
            bufferPools = new LoopBufferPools(ioLoops, config.bufferPool());
        }
        dispatchContext = new DispatchContext(config.name(), config.handler(), config.failurePolicy(), stats,
                businessExecutor, business ? backpressure : null, config.maxPendingReplies(),
                new FailureLog(config.failureLogInterval()), config.lifecycle(), openConnections::add,
                config.bufferHandler(), bufferPools);
    }

    private EventLoop newAcceptorLoop() {
        try {
            return new EventLoop("loopwire-" + config.name() + "-accept", EventLoopGroup.DEFAULT_PROBE_INTERVAL).start();
        } catch (IOException e) {
            throw new UncheckedIOException("server " + config.name() + " could not open a selector for its acceptor", e);
        }
    }

    private ServerSocketChannel bind() {
        InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, config.backlog());
            channel.configureBlocking(false);
            boundAddress = (InetSocketAddress) channel.getLocalAddress();
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            String hint = e instanceof BindException
                    ? " (is another process using port " + config.port() + "? choose another port, or 0 for any free one)"
                    : "";
            throw new UncheckedIOException("server " + config.name() + " could not bind " + address + ": "
                    + e.getMessage() + hint, e);
        }
    }

    /** Admits an accepted channel or closes it at once. Acceptor loop thread. */
    private void admit(SocketChannel channel) {
        if (state.get() != State.RUNNING) {
            stats.rejectedForShutdown();
            closeQuietly(channel);
            return;
        }
        if (!connections.tryAdmit()) {
            stats.rejectedForMaxConnections();
            log.debug("Server {}: max-connections ({}) reached, refusing a connection", config.name(),
                    config.maxConnections());
            closeAbruptly(channel);
            return;
        }
        NioConnection connection;
        try {
            Acceptor.configure(channel, config.socketOptions());
            if (!layers.admit(channel)) {
                connections.admissionFailed();
                closeAbruptly(channel);
                return;
            }
            EventLoop loop = ioLoops.next();
            connection = new NioConnection(channel, loop, config.framing(), config.connectionSettings(),
                    eventsOf(loop), inboundFactory(), layers.factory());
        } catch (IOException | RuntimeException e) {
            log.debug("Server {}: could not set up an accepted connection: {}", config.name(), e.toString());
            connections.admissionFailed();
            closeQuietly(channel);
            return;
        }
        connections.opened(connection); // before the loop can see it, so a quick close finds it counted
        try {
            connection.eventLoop().execute(() -> registerOnLoop(connection));
        } catch (RejectedExecutionException loopTerminated) {
            closeQuietly(channel); // the shared loops are shutting down under us
            connections.closed(connection, CloseReason.SHUTDOWN);
        }
    }

    /** The connection events of {@code loop}, made on its first connection. Acceptor thread. */
    private LoopConnectionEvents eventsOf(EventLoop loop) {
        return loopEvents.computeIfAbsent(loop, l -> new LoopConnectionEvents(l, stats.newLoopCells(), connections));
    }

    private Function<NioConnection, InboundHandler> inboundFactory() {
        if (mixedDispatch != null) {
            return connection -> new MixedDispatcher(connection, dispatchContext, mixedDispatch);
        }
        return config.dispatch() == Dispatch.IO
                ? connection -> new InLoopDispatcher(connection, dispatchContext)
                : connection -> new PooledDispatcher(connection, dispatchContext);
    }

    private void registerOnLoop(NioConnection connection) {
        try {
            connection.register();
            if (state.get() != State.RUNNING) {
                connection.finishInputInLoop(CloseReason.SHUTDOWN); // shutdown began while it was on its way
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Server {}: could not register connection {}: {}", config.name(), connection.id(), e.toString());
            connection.closeNowInLoop(CloseReason.ERROR);
        }
    }

    /**
     * Shuts down gracefully: stops accepting (the port is released at once), stops reading, answers
     * every request already read, flushes, closes each connection when it has nothing left (a lingering
     * close: output shut down, input discarded until the peer's EOF or the linger timeout), and closes
     * the rest, lingering ones included, at {@code timeout}. Idempotent.
     *
     * @return completes when every connection is closed and the server's own threads have ended
     */
    public CompletableFuture<Void> shutdownGracefully(Duration timeout) {
        if (state.compareAndSet(State.NEW, State.STOPPED)) {
            stopped.complete(null);
            return stopped;
        }
        if (!state.compareAndSet(State.RUNNING, State.DRAINING)) {
            return stopped;
        }
        log.info("Server {} shutting down gracefully ({} connections, timeout {})", config.name(),
                stats.activeConnections(), timeout);
        acceptorLoop.execute(acceptor::close);
        CompletableFuture<Void> drained = connections.drain();
        for (NioConnection connection : connections.live()) {
            connection.executeInLoopOrDrop(() -> connection.finishInputInLoop(CloseReason.SHUTDOWN));
        }
        acceptorLoop.schedule(() -> {
            if (!drained.isDone()) {
                log.warn("Server {}: {} connections still busy after {}; closing them", config.name(),
                        connections.live().size(), timeout);
                for (NioConnection connection : connections.live()) {
                    connection.executeInLoopOrDrop(() -> connection.closeNowInLoop(CloseReason.SHUTDOWN));
                }
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        drained.whenComplete((ignored, failure) -> {
            state.set(State.STOPPED);
            releaseResources();
            log.info("Server {} stopped", config.name());
            stopped.complete(null);
        });
        return stopped;
    }

    /** Shuts down gracefully with a 30 s timeout and waits. */
    @Override
    public void close() {
        shutdownGracefully(Duration.ofSeconds(30)).join();
    }

    private void releaseResources() {
        if (ownsBusinessExecutor && businessExecutor instanceof ExecutorService executorService) {
            executorService.shutdown();
        }
        routeExecutors.forEach(ExecutorService::shutdown);
        if (ownsIoLoops && ioLoops != null) {
            ioLoops.shutdown();
        }
        if (acceptorLoop != null) {
            acceptorLoop.shutdown();
        }
    }

    /** The server's name. */
    public String name() {
        return config.name();
    }

    public TcpServerConfig config() {
        return config;
    }

    public State state() {
        return state.get();
    }

    /** The bound address; null before {@link #start()}. */
    public InetSocketAddress localAddress() {
        return boundAddress;
    }

    /** The bound port (the actual one when configured with 0). */
    public int port() {
        if (boundAddress == null) {
            throw new IllegalStateException("server " + config.name() + " is not started");
        }
        return boundAddress.getPort();
    }

    /** The server's traffic and lifecycle counters. */
    public ServerStats stats() {
        return stats;
    }

    /**
     * The open connections: lookup by id, iteration, broadcast with the server's slow-consumer policy.
     * Empty before {@link #start()} and after shutdown.
     */
    public OpenConnections connections() {
        return openConnections;
    }

    /** The business-pool limit (its pending frames and paused connections). */
    public Backpressure backpressure() {
        return backpressure;
    }

    /**
     * The buffer-pool counters summed over the server's loops: hits, misses, bytes held, outstanding buffers.
     * All zero for a server whose handler takes arrays, or before {@link #start()}. Safe from any thread.
     */
    public BufferPoolStats bufferPoolStats() {
        LoopBufferPools pools = bufferPools;
        return pools == null ? BufferPoolStats.EMPTY : pools.stats();
    }

    /** The per-loop buffer pools of a {@link dev.loopwire.transport.BufferFrameHandler} server, or null. */
    public LoopBufferPools bufferPools() {
        return bufferPools;
    }

    /** The I/O loops this server runs on; null before {@link #start()}. */
    public EventLoopGroup eventLoopGroup() {
        return ioLoops;
    }

    /** The acceptor loop; null before {@link #start()}. */
    public EventLoop acceptorLoop() {
        return acceptorLoop;
    }

    /** Completes when the server has stopped. */
    public CompletableFuture<Void> stoppedFuture() {
        return stopped;
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with a channel we are dropping
            }
        }
    }

    /** Closes with a reset (SO_LINGER 0), so a refused peer learns at once and no TIME_WAIT is left. */
    private static void closeAbruptly(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException ignored) {
            // closing anyway
        }
        closeQuietly(channel);
    }

    @Override
    public String toString() {
        return "TcpServer[" + config.name() + ", " + boundAddress + ", " + state.get() + "]";
    }
}
