package dev.loopwire.spring.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect back-off with jitter: the n-th consecutive failure waits
 * {@code min(max, initial * 2^(n-1))}, spread by up to {@code ±jitter} of itself so that clients that
 * lost the same server do not come back in step. Immutable and thread-safe.
 *
 * @param initial delay after the first failure
 * @param max     the longest delay
 * @param jitter  0 to 1
 */
record Backoff(Duration initial, Duration max, double jitter) {

    Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= initial <= max, was " + initial + " and " + max);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    /** The delay in milliseconds before the attempt that follows {@code failures} consecutive failures (1 or more). */
    long delayMillis(int failures) {
        long base = initial.toMillis();
        long cap = max.toMillis();
        for (int i = 1; i < failures && base < cap; i++) {
            base = Math.min(cap, base * 2);
        }
        base = Math.min(cap, base);
        if (jitter == 0 || base == 0) {
            return base;
        }
        double spread = (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
        return Math.max(0, Math.round(base * (1 + spread)));
    }
}
