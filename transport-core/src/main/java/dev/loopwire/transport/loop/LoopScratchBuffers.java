package dev.loopwire.transport.loop;

import java.nio.ByteBuffer;

/**
 * The buffers every connection of one {@link EventLoop} borrows for the length of one call: the shared read
 * buffer ({@value EventLoop#READ_BUFFER_SIZE} bytes, direct, made on first use), the scratch array of
 * gathering writes and the staging buffer small replies are copied into for one plain write
 * ({@value EventLoop#WRITE_STAGING_SIZE} bytes, direct, made on first use). Nothing may keep them across calls; the loop thread being the only user is what makes one
 * set per loop enough.
 *
 * <p>Owned by one {@link EventLoop}; every method is loop thread only, and so are the buffers.
 */
public final class LoopScratchBuffers {

    /** slots of the gathering-write scratch array */
    private static final int WRITE_SCRATCH_SLOTS = 64;

    private final EventLoop loop;
    /** the read buffer every connection of this loop reads into; made on first use */
    private ByteBuffer readBuffer;
    /** the scratch array for gathering writes, all slots null between uses */
    private final ByteBuffer[] writeScratch = new ByteBuffer[WRITE_SCRATCH_SLOTS];
    /** the buffer small replies are copied into for one plain write; made on first use */
    private ByteBuffer writeStaging;

    /** Made with its loop; allocates the read buffer only on first use. Any thread (construction). */
    LoopScratchBuffers(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * The shared read buffer ({@value EventLoop#READ_BUFFER_SIZE} bytes, direct). A connection reads into it,
     * decodes, and copies out only a partial frame; nothing may keep it across calls. Loop thread only.
     */
    public ByteBuffer readBuffer() {
        loop.assertInLoop();
        if (readBuffer == null) {
            readBuffer = ByteBuffer.allocateDirect(EventLoop.READ_BUFFER_SIZE);
        }
        return readBuffer;
    }

    /**
     * The write staging buffer ({@value EventLoop#WRITE_STAGING_SIZE} bytes, direct): a flush copies a run of small
     * heap replies into it and writes it in one call. Nothing may keep it across calls. Loop thread only.
     */
    public ByteBuffer writeStaging() {
        loop.assertInLoop();
        if (writeStaging == null) {
            writeStaging = ByteBuffer.allocateDirect(EventLoop.WRITE_STAGING_SIZE);
        }
        return writeStaging;
    }

    /** The scratch array for gathering writes, all slots null between uses. Loop thread only. */
    public ByteBuffer[] writeScratch() {
        loop.assertInLoop();
        return writeScratch;
    }
}
