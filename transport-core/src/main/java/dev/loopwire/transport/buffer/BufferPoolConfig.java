package dev.loopwire.transport.buffer;

/**
 * The bounds of a server's per-loop {@link BufferPool}s. Immutable; safe from any thread.
 *
 * <p>Size classes are powers of two from {@code smallestBuffer} to {@code largestBuffer}. A request is served
 * from the smallest class that fits. It is a miss (a heap buffer outside the pool, counted) when it is larger
 * than the largest class, when its connection already holds {@code maxBuffersPerConnection} pooled buffers,
 * or when the loop's pool already holds {@code maxBytesPerLoop} of direct memory and no idle buffer of
 * another class can be given up for it.
 *
 * @param maxBytesPerLoop         direct bytes one loop's pool may hold, lent out or idle
 * @param maxBuffersPerConnection pooled buffers one connection may hold at once (partial frame, retained
 *                                frames, replies not yet written)
 * @param smallestBuffer          capacity of the smallest size class, a power of two
 * @param largestBuffer           capacity of the largest size class, a power of two
 * @param trackLeaks              record the acquiring stack of every buffer, for {@link BufferPool#leaks()};
 *                                costs a stack trace per acquire: for tests and debugging
 */
public record BufferPoolConfig(long maxBytesPerLoop, int maxBuffersPerConnection, int smallestBuffer,
        int largestBuffer, boolean trackLeaks) {

    /** 32 MiB per loop, 16 buffers per connection, classes 4 KiB to 1 MiB, no leak tracking. */
    public static final BufferPoolConfig DEFAULTS = new BufferPoolConfig(32L << 20, 16, 4096, 1 << 20, false);

    public BufferPoolConfig {
        if (smallestBuffer < 1 || Integer.bitCount(smallestBuffer) != 1) {
            throw new IllegalArgumentException("smallestBuffer must be a power of two, was " + smallestBuffer);
        }
        if (largestBuffer < smallestBuffer || Integer.bitCount(largestBuffer) != 1) {
            throw new IllegalArgumentException("largestBuffer must be a power of two of at least smallestBuffer ("
                    + smallestBuffer + "), was " + largestBuffer);
        }
        if (maxBytesPerLoop < 0) {
            throw new IllegalArgumentException("maxBytesPerLoop must be 0 (no pooling) or more, was " + maxBytesPerLoop);
        }
        if (maxBuffersPerConnection < 0) {
            throw new IllegalArgumentException("maxBuffersPerConnection must be 0 (no pooling) or more, was "
                    + maxBuffersPerConnection);
        }
    }

    /** The same bounds with leak tracking switched {@code on}. */
    public BufferPoolConfig withLeakTracking(boolean on) {
        return new BufferPoolConfig(maxBytesPerLoop, maxBuffersPerConnection, smallestBuffer, largestBuffer, on);
    }

    /** Number of size classes. */
    int classCount() {
        return Integer.numberOfTrailingZeros(largestBuffer) - Integer.numberOfTrailingZeros(smallestBuffer) + 1;
    }
}
