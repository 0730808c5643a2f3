package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.BufferFrameHandler;
import dev.loopwire.transport.ConnectionLifecycle;
import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.buffer.LoopBufferPools;
import dev.loopwire.transport.stats.ServerStats;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import dev.loopwire.transport.connection.NioConnection;

/**
 * What every connection of one server shares for dispatching: the handler, the failure policy, the
 * statistics, and (for pool dispatch) the business executor and its backpressure limit. Immutable;
 * safe from any thread.
 *
 * @param serverName    for log lines
 * @param handler       the protocol logic
 * @param failurePolicy error replies
 * @param stats         the server's counters
 * @param executor      runs drain tasks; null for io dispatch
 * @param backpressure  the pending-frame limit; null for io dispatch
 * @param maxPendingReplies replies one connection may have waiting behind an incomplete asynchronous one
 *                      before it stops reading
 * @param failureLog    logs handler failures of this server: at most one WARN line per route and
 *                      exception type per interval
 * @param lifecycle     the open and close calls, or {@link ConnectionLifecycle#NONE}
 * @param opened        told of each connection once its open call is done and its greeting queued (so
 *                      nothing pushed to it can overtake the greeting); on the dispatch thread
 * @param bufferHandler the handler that takes frames as buffers ({@code io} dispatch), or null; when set,
 *                      {@code handler} only adapts array frames to it
 * @param bufferPools   the per-loop buffer pools for {@code bufferHandler}, or null without one
 */
public record DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
        Executor executor, Backpressure backpressure, int maxPendingReplies, FailureLog failureLog,
        ConnectionLifecycle lifecycle, Consumer<NioConnection> opened, BufferFrameHandler bufferHandler,
        LoopBufferPools bufferPools) {

    public DispatchContext {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(failureLog, "failureLog");
        Objects.requireNonNull(lifecycle, "lifecycle");
        Objects.requireNonNull(opened, "opened");
        if (bufferHandler != null && (bufferPools == null || executor != null)) {
            throw new IllegalArgumentException("a buffer handler runs on the loop (io dispatch) with buffer pools");
        }
        if (maxPendingReplies < 1) {
            throw new IllegalArgumentException("maxPendingReplies must be at least 1, was " + maxPendingReplies);
        }
    }

    /** A context whose handler takes arrays. */
    public DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
            Executor executor, Backpressure backpressure, int maxPendingReplies, FailureLog failureLog,
            ConnectionLifecycle lifecycle, Consumer<NioConnection> opened) {
        this(serverName, handler, failurePolicy, stats, executor, backpressure, maxPendingReplies, failureLog,
                lifecycle, opened, null, null);
    }

    /** A context without lifecycle calls. */
    public DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
            Executor executor, Backpressure backpressure, int maxPendingReplies, FailureLog failureLog) {
        this(serverName, handler, failurePolicy, stats, executor, backpressure, maxPendingReplies, failureLog,
                ConnectionLifecycle.NONE, connection -> { });
    }

    /** True when the server has lifecycle calls to make. */
    public boolean hasLifecycle() {
        return lifecycle != ConnectionLifecycle.NONE;
    }

    /** A context with a fresh failure log and no lifecycle calls. */
    public DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
            Executor executor, Backpressure backpressure, int maxPendingReplies) {
        this(serverName, handler, failurePolicy, stats, executor, backpressure, maxPendingReplies, new FailureLog());
    }
}
