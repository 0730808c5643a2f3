package dev.loopwire.transport.dispatch;

import dev.loopwire.transport.FailurePolicy;
import dev.loopwire.transport.FrameHandler;
import dev.loopwire.transport.stats.ServerStats;
import java.util.Objects;
import java.util.concurrent.Executor;

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
 */
public record DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
        Executor executor, Backpressure backpressure, int maxPendingReplies, FailureLog failureLog) {

    public DispatchContext {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(failureLog, "failureLog");
        if (maxPendingReplies < 1) {
            throw new IllegalArgumentException("maxPendingReplies must be at least 1, was " + maxPendingReplies);
        }
    }

    /** A context with a fresh failure log. */
    public DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
            Executor executor, Backpressure backpressure, int maxPendingReplies) {
        this(serverName, handler, failurePolicy, stats, executor, backpressure, maxPendingReplies, new FailureLog());
    }
}
