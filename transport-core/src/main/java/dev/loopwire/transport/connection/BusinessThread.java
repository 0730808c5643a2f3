package dev.loopwire.transport.connection;

import java.nio.ByteBuffer;

/**
 * A thread of Loopwire's own business pool. Besides running handlers, it owns the direct buffer its
 * {@linkplain DirectWriter direct writes} copy a batch of small replies into, so that they leave in one plain
 * write ({@link StagedWrite}) as the loop's own flushes do. Threads of an executor the application supplies
 * are not business threads: their direct writes stay gathering writes.
 *
 * <p>The buffer ({@value #WRITE_STAGING_SIZE} bytes) is made on the thread's first direct write of several
 * buffers and used by this thread only, for one write at a time.
 */
public final class BusinessThread extends Thread {

    /** size of each business thread's write staging buffer */
    public static final int WRITE_STAGING_SIZE = 16 * 1024;

    /** made on first use; this thread only */
    private ByteBuffer writeStaging;

    /**
     * @param task what the thread runs
     * @param name the thread's name
     */
    public BusinessThread(Runnable task, String name) {
        super(task, name);
    }

    /** The staging buffer of this thread's direct writes. This thread only. */
    ByteBuffer writeStaging() {
        if (Thread.currentThread() != this) {
            throw new IllegalStateException("a business thread's write staging buffer is its own; called from "
                    + Thread.currentThread().getName());
        }
        if (writeStaging == null) {
            writeStaging = ByteBuffer.allocateDirect(WRITE_STAGING_SIZE);
        }
        return writeStaging;
    }
}
