package dev.loopwire.benchmarks;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Outcome of one load-generator run against one peer.
 *
 * @param peer            peer name
 * @param scenario        the scenario run
 * @param measuredNanos   length of the measurement window
 * @param replies         correct replies received in the window
 * @param latency         request-to-reply latency of those replies, in nanoseconds
 * @param errors          wrong, unexpected or unreadable replies, and framing or I/O failures
 * @param reorders        correct replies that overtook an older unanswered request
 * @param missing         requests still unanswered after the drain timeout
 * @param lostConnections connections the peer closed or that failed
 * @param firstError      description of the first error, or {@code null}
 * @param serverCpuNanos  CPU time (user + system) of the server's process over the window; -1 when not
 *                        measured (the server shares the load generator's JVM, or /proc is not there)
 */
public record RunResult(String peer, Scenario scenario, long measuredNanos, long replies, Histogram latency,
        long errors, long reorders, long missing, long lostConnections, String firstError, long serverCpuNanos) {

    /** A result without the server's CPU time. */
    public RunResult(String peer, Scenario scenario, long measuredNanos, long replies, Histogram latency,
            long errors, long reorders, long missing, long lostConnections, String firstError) {
        this(peer, scenario, measuredNanos, replies, latency, errors, reorders, missing, lostConnections, firstError,
                -1);
    }

    /** Server CPU microseconds per correct reply over the window; NaN when not measured. */
    public double cpuMicrosPerRequest() {
        return serverCpuNanos < 0 || replies == 0 ? Double.NaN : serverCpuNanos / 1000.0 / replies;
    }

    /** Correct replies per second. */
    public double requestsPerSecond() {
        return replies * 1e9 / measuredNanos;
    }

    /** Echoed payload MiB per second, one direction (frame headers/delimiters not counted). */
    public double mibPerSecond() {
        return requestsPerSecond() * scenario.payloadSize() / (1024.0 * 1024.0);
    }

    /** Latency at {@code percentile} (0..100) in microseconds; NaN without samples. */
    public double latencyMicros(double percentile) {
        if (latency.getTotalCount() == 0) {
            return Double.NaN;
        }
        return latency.getValueAtPercentile(percentile) / (double) TimeUnit.MICROSECONDS.toNanos(1);
    }

    /** No errors, no reorders, nothing missing, no lost connection. */
    public boolean clean() {
        return errors == 0 && reorders == 0 && missing == 0 && lostConnections == 0;
    }

    /** One line for logs. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%-18s %-13s %,12.0f req/s %9.2f MiB/s p50 %8.1f us p99 %8.1f us p99.9 %8.1f us"
                        + "%s errors %d reorders %d missing %d lost %d%s",
                peer, scenario.name(), requestsPerSecond(), mibPerSecond(), latencyMicros(50), latencyMicros(99),
                latencyMicros(99.9), serverCpuNanos < 0 ? "" : String.format(java.util.Locale.ROOT,
                        " server CPU %.2f us/req", cpuMicrosPerRequest()), errors, reorders, missing, lostConnections,
                firstError == null ? "" : " (first error: " + firstError + ")");
    }
}
