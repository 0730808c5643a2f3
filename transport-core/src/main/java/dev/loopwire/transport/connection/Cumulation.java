package dev.loopwire.transport.connection;

import java.nio.ByteBuffer;

/**
 * The carry-over buffer for a partial frame: made only when a read ends mid-frame, grown only as far
 * as the frame needs, dropped as soon as it is empty. Stateless helpers; loop thread only by use.
 */
final class Cumulation {

    /** the smallest carry-over buffer made */
    private static final int MIN_CAPACITY = 256;

    private Cumulation() {
    }

    /**
     * Copies the unconsumed bytes of {@code in} into a new heap buffer in write mode (position after
     * the copied bytes), with room for the frame to grow up to {@code maxFrameBytes}.
     */
    static ByteBuffer keep(ByteBuffer in, int maxFrameBytes) {
        int remaining = in.remaining();
        int capacity = Math.max(remaining, Math.min(Math.max(MIN_CAPACITY, remaining * 2), maxFrameBytes));
        ByteBuffer copy = ByteBuffer.allocate(capacity);
        copy.put(in);
        return copy;
    }

    /**
     * Appends {@code fresh} to {@code cumulation} (write mode), growing it if needed; returns the buffer
     * now holding both, in write mode. Growth doubles, so appends stay amortised linear, but never past
     * {@code maxFrameBytes} unless the bytes themselves need more (a partial frame plus one read).
     */
    static ByteBuffer append(ByteBuffer cumulation, ByteBuffer fresh, int maxFrameBytes) {
        if (cumulation.remaining() >= fresh.remaining()) {
            return cumulation.put(fresh);
        }
        int needed = cumulation.position() + fresh.remaining();
        int doubled = (int) Math.min((long) cumulation.capacity() * 2, maxFrameBytes);
        ByteBuffer grown = ByteBuffer.allocate(Math.max(needed, doubled));
        cumulation.flip();
        grown.put(cumulation).put(fresh);
        return grown;
    }
}
