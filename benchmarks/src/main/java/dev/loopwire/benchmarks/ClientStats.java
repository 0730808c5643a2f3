package dev.loopwire.benchmarks;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Counters and latency histogram of one client thread. Owned and written by that thread only;
 * read by the generator after the thread has been joined.
 */
final class ClientStats {

    /** Latencies above this are clamped (recorded as this value) rather than dropped. */
    private static final long MAX_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Request-to-reply latency in nanoseconds of correct replies received in the window. */
    final Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);

    /** Correct replies received inside the measurement window. */
    long replies;

    /** Replies with wrong content, unknown or duplicate sequence, bad framing, lost connections. */
    long errors;

    /** Correct replies that overtook an earlier, still unanswered request of their connection. */
    long reorders;

    /** Connections closed by the peer or failed during the run. */
    long lostConnections;

    /** Description of the first error, for diagnosis; {@code null} if none. */
    String firstError;

    void recordLatency(long nanos) {
        latency.recordValue(Math.max(0, Math.min(nanos, MAX_LATENCY_NANOS)));
        replies++;
    }

    void error(String description) {
        errors++;
        if (firstError == null) {
            firstError = description;
        }
    }

    void mergeInto(ClientStats total) {
        total.latency.add(latency);
        total.replies += replies;
        total.errors += errors;
        total.reorders += reorders;
        total.lostConnections += lostConnections;
        if (total.firstError == null) {
            total.firstError = firstError;
        }
    }
}
