package dev.loopwire.transport.connection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Copies a run of small heap buffers into one direct buffer so the socket takes them in a single plain
 * {@code write}, instead of a gathering write that makes the JDK copy each heap buffer into a temporary direct
 * buffer of its own and hand the kernel one I/O vector per buffer. Pipelined replies of a few dozen bytes
 * each are the case it is for: what the JDK would copy anyway is copied once, into memory the loop owns.
 *
 * <p>Direct buffers (pooled replies) are never staged: they are written from where they are. The sources'
 * positions move only by what the socket took ({@link #advance}), so a partial write leaves the queue exactly
 * as a gathering write would have.
 *
 * <p>Stateless; the staging buffer belongs to one loop and is used by its thread only, for one write at a time.
 */
final class StagedWrite {

    /** fewer buffers than this are written as they are: staging would only add a copy */
    static final int MIN_BUFFERS = 2;

    private StagedWrite() {
    }

    /**
     * One write of {@code buffers[0..count)}: the leading run of small heap buffers staged into {@code staging}
     * and written as one buffer when at least {@value #MIN_BUFFERS} fit, else the buffers as they are (one plain
     * or one gathering write). The sources' positions move by what the socket took either way.
     *
     * @param staging the caller's own direct buffer, or null to write the buffers as they are
     * @return the bytes the socket took
     */
    static long write(GatheringByteChannel channel, ByteBuffer[] buffers, int count, ByteBuffer staging)
            throws IOException {
        int staged = staging == null || count < MIN_BUFFERS ? 0 : stage(buffers, count, staging);
        if (staged > 0) {
            long written = channel.write(staging);
            advance(buffers, staged, written);
            return written;
        }
        return count == 1 ? channel.write(buffers[0]) : channel.write(buffers, 0, count);
    }

    /**
     * Copies the leading heap buffers of {@code buffers[0..count)} that fit into {@code staging} (cleared first)
     * and flips it for writing, leaving the sources' positions alone.
     *
     * @return how many leading buffers were staged, or 0 (with {@code staging} empty) when fewer than
     *         {@value #MIN_BUFFERS} could be
     */
    static int stage(ByteBuffer[] buffers, int count, ByteBuffer staging) {
        staging.clear();
        int staged = 0;
        while (staged < count) {
            ByteBuffer source = buffers[staged];
            int length = source.remaining();
            if (source.isDirect() || length > staging.remaining()) {
                break;
            }
            staging.put(staging.position(), source, source.position(), length);
            staging.position(staging.position() + length);
            staged++;
        }
        if (staged < MIN_BUFFERS) {
            staging.clear().limit(0);
            return 0;
        }
        staging.flip();
        return staged;
    }

    /** Moves the positions of the first {@code staged} sources past the {@code written} bytes the socket took. */
    static void advance(ByteBuffer[] buffers, int staged, long written) {
        long left = written;
        for (int i = 0; i < staged && left > 0; i++) {
            ByteBuffer source = buffers[i];
            int taken = (int) Math.min(source.remaining(), left);
            source.position(source.position() + taken);
            left -= taken;
        }
    }
}
