package dev.loopwire.transport.buffer;

/**
 * A snapshot of buffer-pool counters (one loop's pool, or the sum over a server's loops). Immutable.
 *
 * @param hits        acquisitions served by an idle pooled buffer
 * @param allocations acquisitions that made a new pooled direct buffer (within the bounds)
 * @param misses      acquisitions served outside the pool (a heap buffer) because a bound was reached or
 *                    the request was larger than the largest size class
 * @param bytesHeld   direct bytes the pool holds, lent out or idle
 * @param outstanding buffers acquired and not yet released (pooled or not); 0 once every connection closed,
 *                    unless a handler leaked a buffer
 */
public record BufferPoolStats(long hits, long allocations, long misses, long bytesHeld, long outstanding) {

    /** All zero: no pool. */
    public static final BufferPoolStats EMPTY = new BufferPoolStats(0, 0, 0, 0, 0);

    /** The sum of this and {@code other}. */
    public BufferPoolStats plus(BufferPoolStats other) {
        return new BufferPoolStats(hits + other.hits, allocations + other.allocations, misses + other.misses,
                bytesHeld + other.bytesHeld, outstanding + other.outstanding);
    }
}
