package dev.loopwire.transport.server;

import dev.loopwire.transport.BufferFrameHandler;
import dev.loopwire.transport.buffer.BufferPoolConfig;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.Dispatch;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.SlowConsumerPolicy;
import dev.loopwire.transport.codec.Framing;
import dev.loopwire.transport.codec.LineFraming;
import dev.loopwire.transport.connection.ConnectionSettings;
import dev.loopwire.transport.dispatch.FailureLog;
import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.proxy.ProxyProtocolConfig;
import dev.loopwire.transport.tls.TlsConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Everything a {@link TcpServer} needs, as one immutable value built with {@link #builder(FrameHandler)}.
 * Every setter checks its argument and says which limit it broke. Safe from any thread.
 */
public final class TcpServerConfig {

    /** Default listen backlog; the kernel caps it at {@code net.core.somaxconn}. */
    public static final int DEFAULT_BACKLOG = 1024;
    /** Default connection limit. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default number of frames waiting for the business pool before loops stop reading. */
    public static final int DEFAULT_MAX_PENDING_FRAMES = 10_000;
    /** Default number of replies one connection may have waiting in order before it stops reading. */
    public static final int DEFAULT_MAX_PENDING_REPLIES = 1024;

    private final String name;
    private final String host;
    private final int port;
    private final int backlog;
    private final Framing framing;
    private final Dispatch dispatch;
    private final FrameHandler handler;
    private final BufferFrameHandler bufferHandler;
    private final BufferPoolConfig bufferPool;
    private final FailurePolicy failurePolicy;
    private final int maxConnections;
    private final int maxPendingFrames;
    private final int maxPendingReplies;
    private final ConnectionSettings connectionSettings;
    private final Duration failureLogInterval;
    private final SocketOptions socketOptions;
    private final EventLoopGroup eventLoopGroup;
    private final int ioThreads;
    private final Executor businessExecutor;
    private final int businessThreads;
    private final Supplier<TlsConfig> tls;
    private final ProxyProtocolConfig proxyProtocol;
    private final ConnectionLifecycle lifecycle;
    private final SlowConsumerPolicy slowConsumerPolicy;

    private TcpServerConfig(Builder b) {
        this.name = b.name;
        this.host = b.host;
        this.port = b.port;
        this.backlog = b.backlog;
        this.framing = b.framing;
        this.dispatch = b.dispatch;
        this.handler = b.handler;
        this.bufferHandler = b.bufferHandler;
        this.bufferPool = b.bufferPool;
        this.failurePolicy = b.failurePolicy;
        this.maxConnections = b.maxConnections;
        this.maxPendingFrames = b.maxPendingFrames;
        this.maxPendingReplies = b.maxPendingReplies;
        this.connectionSettings = new ConnectionSettings(b.lowWatermark, b.highWatermark, b.idleTimeout, b.lingerTimeout,
                b.directWrite);
        this.failureLogInterval = b.failureLogInterval;
        this.socketOptions = b.socketOptions;
        this.eventLoopGroup = b.eventLoopGroup;
        this.ioThreads = b.ioThreads;
        this.businessExecutor = b.businessExecutor;
        this.businessThreads = b.businessThreads;
        this.tls = b.tls;
        this.proxyProtocol = b.proxyProtocol;
        this.lifecycle = b.lifecycle;
        this.slowConsumerPolicy = b.slowConsumerPolicy;
    }

    /**
     * A builder for a server whose {@code handler} takes frames as buffers, so large frames travel in pooled
     * direct buffers (see {@link BufferFrameHandler}). Its dispatch is {@link Dispatch#IO}, the only one it
     * supports; the pool's bounds are {@link BufferPoolConfig#DEFAULTS} unless set with
     * {@link Builder#bufferPool(BufferPoolConfig)}.
     */
    public static Builder bufferBuilder(BufferFrameHandler handler) {
        return new Builder(handler);
    }

    /** A builder for a server running {@code handler}; every other setting has a default. */
    public static Builder builder(FrameHandler handler) {
        return new Builder(handler);
    }

    /** The server's name, used in thread names, logs and metrics. */
    public String name() {
        return name;
    }

    /** The address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one (see {@link TcpServer#port()}). */
    public int port() {
        return port;
    }

    public int backlog() {
        return backlog;
    }

    public Framing framing() {
        return framing;
    }

    public Dispatch dispatch() {
        return dispatch;
    }

    public FrameHandler handler() {
        return handler;
    }

    /** The handler that takes frames as buffers, or null when {@link #handler()} takes arrays. */
    public BufferFrameHandler bufferHandler() {
        return bufferHandler;
    }

    /** The bounds of the per-loop buffer pools (used with a {@link #bufferHandler()}). */
    public BufferPoolConfig bufferPool() {
        return bufferPool;
    }

    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    public int maxConnections() {
        return maxConnections;
    }

    /** Frames waiting for the business pool above which loops stop reading (pool/virtual dispatch). */
    public int maxPendingFrames() {
        return maxPendingFrames;
    }

    /** Replies one connection may have waiting for an earlier asynchronous one before it stops reading. */
    public int maxPendingReplies() {
        return maxPendingReplies;
    }

    public ConnectionSettings connectionSettings() {
        return connectionSettings;
    }

    /** The shortest time between two failure-log lines of one failure group (see {@link FailureLog}). */
    public Duration failureLogInterval() {
        return failureLogInterval;
    }

    public SocketOptions socketOptions() {
        return socketOptions;
    }

    /** A shared loop group, or null when the server makes (and owns) its own. */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    /** Loop count of the server's own group; 0 = one per processor. Ignored with a shared group. */
    public int ioThreads() {
        return ioThreads;
    }

    /** A shared business executor, or null when the server makes (and owns) its own. */
    public Executor businessExecutor() {
        return businessExecutor;
    }

    /** Thread count of the server's own business pool. Ignored with a shared executor. */
    public int businessThreads() {
        return businessThreads;
    }

    /** Where each new connection's TLS settings come from, or null for plaintext. */
    public Supplier<TlsConfig> tls() {
        return tls;
    }

    /** PROXY protocol settings ({@link ProxyProtocolConfig#OFF} by default). */
    public ProxyProtocolConfig proxyProtocol() {
        return proxyProtocol;
    }

    /** The open and close calls of each connection ({@link ConnectionLifecycle#NONE} by default). */
    public ConnectionLifecycle lifecycle() {
        return lifecycle;
    }

    /** What a broadcast does with a slow consumer ({@link SlowConsumerPolicy#SKIP} by default). */
    public SlowConsumerPolicy slowConsumerPolicy() {
        return slowConsumerPolicy;
    }

    @Override
    public String toString() {
        return "TcpServerConfig[name=" + name + ", " + host + ":" + port + ", " + framing + ", dispatch=" + dispatch
                + ", maxConnections=" + maxConnections + "]";
    }

    /** Builds a {@link TcpServerConfig}. Not thread-safe. */
    public static final class Builder {
        private final FrameHandler handler;
        private final BufferFrameHandler bufferHandler;
        private BufferPoolConfig bufferPool = BufferPoolConfig.DEFAULTS;
        private String name = "loopwire";
        private String host = "0.0.0.0";
        private int port;
        private int backlog = DEFAULT_BACKLOG;
        private Framing framing = LineFraming.defaults();
        private Dispatch dispatch = Dispatch.POOL;
        private FailurePolicy failurePolicy = FailurePolicy.close();
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int maxPendingFrames = DEFAULT_MAX_PENDING_FRAMES;
        private int maxPendingReplies = DEFAULT_MAX_PENDING_REPLIES;
        private int lowWatermark = ConnectionSettings.DEFAULTS.lowWatermark();
        private int highWatermark = ConnectionSettings.DEFAULTS.highWatermark();
        private Duration idleTimeout = Duration.ZERO;
        private Duration lingerTimeout = ConnectionSettings.DEFAULT_LINGER_TIMEOUT;
        private boolean directWrite = true;
        private Duration failureLogInterval = FailureLog.DEFAULT_INTERVAL;
        private SocketOptions socketOptions = SocketOptions.DEFAULTS;
        private EventLoopGroup eventLoopGroup;
        private int ioThreads;
        private Executor businessExecutor;
        private int businessThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private Supplier<TlsConfig> tls;
        private ProxyProtocolConfig proxyProtocol = ProxyProtocolConfig.OFF;
        private ConnectionLifecycle lifecycle = ConnectionLifecycle.NONE;
        private SlowConsumerPolicy slowConsumerPolicy = SlowConsumerPolicy.SKIP;

        private Builder(FrameHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            this.bufferHandler = null;
        }

        private Builder(BufferFrameHandler handler) {
            this.bufferHandler = Objects.requireNonNull(handler, "handler");
            this.handler = (connection, frame) -> {
                throw new IllegalStateException("this server's handler takes frames as buffers (BufferFrameHandler)");
            };
            this.dispatch = Dispatch.IO;
        }

        /** The bounds of the per-loop buffer pools a {@link BufferFrameHandler} server uses (default {@link BufferPoolConfig#DEFAULTS}). */
        public Builder bufferPool(BufferPoolConfig value) {
            this.bufferPool = Objects.requireNonNull(value, "bufferPool");
            return this;
        }

        /** The server's name for threads, logs and metrics (default {@code loopwire}). */
        public Builder name(String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("server name must not be blank");
            }
            this.name = value;
            return this;
        }

        /** The address to bind (default {@code 0.0.0.0}, all interfaces). */
        public Builder host(String value) {
            this.host = Objects.requireNonNull(value, "host");
            return this;
        }

        /** The port to bind, 0 to 65535; 0 (the default) picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** The listen backlog (default {@value #DEFAULT_BACKLOG}; at least 1). */
        public Builder backlog(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("backlog must be at least 1, was " + value);
            }
            this.backlog = value;
            return this;
        }

        /** How the byte stream is cut into frames (default: lines, 8 KiB max). */
        public Builder framing(Framing value) {
            this.framing = Objects.requireNonNull(value, "framing");
            return this;
        }

        /** Which thread runs the handler (default {@link Dispatch#POOL}). */
        public Builder dispatch(Dispatch value) {
            this.dispatch = Objects.requireNonNull(value, "dispatch");
            return this;
        }

        /** Error replies for handler failures and bad frames (default: close the connection). */
        public Builder failurePolicy(FailurePolicy value) {
            this.failurePolicy = Objects.requireNonNull(value, "failurePolicy");
            return this;
        }

        /** Connections admitted at once; more are closed at accept (default {@value #DEFAULT_MAX_CONNECTIONS}). */
        public Builder maxConnections(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, was " + value);
            }
            this.maxConnections = value;
            return this;
        }

        /**
         * Frames waiting for the business pool above which loops stop reading; they resume at half
         * (default {@value #DEFAULT_MAX_PENDING_FRAMES}).
         */
        public Builder maxPendingFrames(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxPendingFrames must be at least 1, was " + value);
            }
            this.maxPendingFrames = value;
            return this;
        }

        /**
         * Replies one connection may have waiting in order, behind an asynchronous reply that has not
         * completed, before the connection stops reading; it reads again once half of them are written
         * (default {@value #DEFAULT_MAX_PENDING_REPLIES}). This bounds what a handler whose futures never
         * complete can make one connection hold.
         */
        public Builder maxPendingReplies(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxPendingReplies must be at least 1, was " + value);
            }
            this.maxPendingReplies = value;
            return this;
        }

        /** Outbound bytes per connection at which reading stops (high) and resumes (low). */
        public Builder writeWatermarks(int low, int high) {
            new ConnectionSettings(low, high, Duration.ZERO); // validates
            this.lowWatermark = low;
            this.highWatermark = high;
            return this;
        }

        /**
         * Close connections without a frame in, a write out, or work in flight (a handler running or a
         * reply pending) for this long; zero (default) disables.
         */
        public Builder idleTimeout(Duration value) {
            new ConnectionSettings(lowWatermark, highWatermark, value); // validates
            this.idleTimeout = value;
            return this;
        }

        /**
         * How long a closing connection, once its replies are written and its output shut down, reads and
         * discards the peer's input while waiting for the peer's EOF before it closes anyway (a lingering
         * close); default 2 s, zero closes at once, at most 1 minute. Graceful shutdown closes lingering
         * connections at its own timeout.
         */
        public Builder lingerTimeout(Duration value) {
            new ConnectionSettings(lowWatermark, highWatermark, Duration.ZERO, value); // validates
            this.lingerTimeout = value;
            return this;
        }

        /**
         * Whether a business thread ({@code pool} and {@code virtual} dispatch) that has made replies for a
         * plaintext connection may write them to the socket itself, with one non-blocking write when nobody
         * else is writing and nothing waits ahead of them, instead of handing them to the I/O loop (default
         * on). Saves the hand-off (a task, often a selector wake-up, a flush on another thread) per batch of
         * replies; what the socket does not take goes to the loop as before. TLS connections and {@code io}
         * dispatch always write on the loop. Turn it off to keep every socket write on the loop threads.
         */
        public Builder directWrite(boolean value) {
            this.directWrite = value;
            return this;
        }

        /**
         * The shortest time between two warnings of one group of handler failures (same exception type and
         * route) in the rate-limited failure log; each later line carries the count since the previous one
         * (default 10 s; positive).
         */
        public Builder failureLogInterval(Duration value) {
            new FailureLog(value); // validates
            this.failureLogInterval = value;
            return this;
        }

        /** Socket options for accepted connections. */
        public Builder socketOptions(SocketOptions value) {
            this.socketOptions = Objects.requireNonNull(value, "socketOptions");
            return this;
        }

        /** Run on a shared loop group (the caller keeps ownership and shuts it down). */
        public Builder eventLoopGroup(EventLoopGroup value) {
            this.eventLoopGroup = value;
            return this;
        }

        /** Loop count when the server makes its own group; 0 (default) = one per processor. */
        public Builder ioThreads(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("ioThreads must be 0 (one per processor) or more, was " + value);
            }
            this.ioThreads = value;
            return this;
        }

        /**
         * Run pool-dispatched handlers on this executor (the caller keeps ownership). It should not run
         * tasks on the submitting thread when saturated: that thread is an I/O loop. On an {@code io} server
         * it runs the routes that override the dispatch with {@code pool} ({@link dev.loopwire.transport.RouteDispatch}).
         */
        public Builder businessExecutor(Executor value) {
            this.businessExecutor = value;
            return this;
        }

        /** Threads of the server's own business pool when none is supplied (default 2 x processors, min 4). */
        public Builder businessThreads(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("businessThreads must be at least 1, was " + value);
            }
            this.businessThreads = value;
            return this;
        }

        /** Serve TLS with these settings; null (default) serves plaintext. */
        public Builder tls(TlsConfig value) {
            this.tls = value == null ? null : () -> value;
            return this;
        }

        /**
         * Serve TLS with the settings {@code source} returns for each new connection (asked on the acceptor
         * thread; must be cheap), so a reloaded certificate applies to new connections without a restart.
         */
        public Builder tls(Supplier<TlsConfig> source) {
            this.tls = source;
            return this;
        }

        /** Read a PROXY protocol header at the start of each connection (default off). */
        public Builder proxyProtocol(ProxyProtocolConfig value) {
            this.proxyProtocol = Objects.requireNonNull(value, "proxyProtocol");
            return this;
        }

        /**
         * Call {@code value} when each connection opens (its greeting goes out before any reply) and when
         * it closes; see {@link ConnectionLifecycle} for the threads and the order.
         */
        public Builder lifecycle(ConnectionLifecycle value) {
            this.lifecycle = Objects.requireNonNull(value, "lifecycle");
            return this;
        }

        /** What a broadcast does with a connection over its high write watermark (default skip it). */
        public Builder slowConsumerPolicy(SlowConsumerPolicy value) {
            this.slowConsumerPolicy = Objects.requireNonNull(value, "slowConsumerPolicy");
            return this;
        }

        public TcpServerConfig build() {
            if (bufferHandler != null && dispatch != Dispatch.IO) {
                throw new IllegalArgumentException("a BufferFrameHandler runs on the connection's loop: its frames are "
                        + "only valid during the call; use dispatch(Dispatch.IO), or a byte[] FrameHandler for "
                        + dispatch + " dispatch");
            }
            return new TcpServerConfig(this);
        }
    }
}
