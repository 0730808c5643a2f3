package dev.loopwire.benchmarks;

import java.time.Duration;

/**
 * Timing and threading of one load-generator run.
 *
 * @param warmup        time at the start whose replies are checked but not counted
 * @param duration      measurement window after the warm-up
 * @param clientThreads selector threads the connections are spread over (round-robin)
 * @param drainTimeout  after the window, how long to wait for outstanding replies; requests
 *                      still unanswered then are reported as missing
 */
public record LoadOptions(Duration warmup, Duration duration, int clientThreads, Duration drainTimeout) {

    public LoadOptions {
        if (clientThreads < 1 || duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("invalid load options");
        }
    }

    /** Warm-up and duration with one client thread and a 5 s drain timeout. */
    public static LoadOptions of(Duration warmup, Duration duration) {
        return new LoadOptions(warmup, duration, 1, Duration.ofSeconds(5));
    }

    /** A copy with another thread count. */
    public LoadOptions withClientThreads(int threads) {
        return new LoadOptions(warmup, duration, threads, drainTimeout);
    }
}
