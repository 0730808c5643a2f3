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
 */
public record DispatchContext(String serverName, FrameHandler handler, FailurePolicy failurePolicy, ServerStats stats,
        Executor executor, Backpressure backpressure) {

    public DispatchContext {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(failurePolicy, "failurePolicy");
        Objects.requireNonNull(stats, "stats");
    }
}
