package dev.loopwire.transport.connection;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The right to write one connection's socket and to touch the loop side of its {@link OutboundQueue}: held by
 * the loop while it flushes, or by a business thread while it makes its one direct write attempt. An atomic
 * state, never a lock: nobody waits for it, and it is never held across anything that blocks.
 *
 * <p>Whoever fails to take the token while someone else holds it leaves a mark ({@link #acquire()} returns
 * false and the state becomes "held, flush missed"); the holder sees the mark when it releases and makes
 * sure the loop flushes again. So a flush is never lost: either the failed party's bytes are written by the
 * holder, or the holder asks for another flush after it let go. Once the connection's output is done
 * (everything written and output shut down, or the socket closed) the token is {@linkplain #retire()
 * retired} and nobody takes it again.
 *
 * <p>Owned by one {@link NioConnection}. Safe from any thread.
 */
final class WriteToken {

    /** nobody writes */
    private static final int FREE = 0;
    /** someone writes */
    private static final int HELD = 1;
    /** someone writes, and someone else wanted a flush meanwhile: the holder flushes again on release */
    private static final int HELD_FLUSH_MISSED = 2;
    /** output is done for good: nobody writes any more */
    private static final int RETIRED = 3;

    private final AtomicInteger state = new AtomicInteger(FREE);

    /**
     * Takes the token if it is free. Otherwise marks that a flush was missed (when someone holds it) and
     * returns false: the holder flushes again when it releases. Safe from any thread; never waits.
     */
    boolean acquire() {
        while (true) {
            int current = state.get();
            if (current == FREE) {
                if (state.compareAndSet(FREE, HELD)) {
                    return true;
                }
            } else if (current == HELD) {
                if (state.compareAndSet(HELD, HELD_FLUSH_MISSED)) {
                    return false;
                }
            } else {
                return false; // already marked, or retired
            }
        }
    }

    /**
     * Gives the token back. Returns true when someone missed a flush while it was held: the caller must then
     * make the loop flush. A retired token stays retired. Only the holder calls this.
     */
    boolean release() {
        while (true) {
            int current = state.get();
            if (current == RETIRED) {
                return false;
            }
            if (state.compareAndSet(current, FREE)) {
                return current == HELD_FLUSH_MISSED;
            }
        }
    }

    /**
     * Output is done (shut down or the socket closed): the token is never free again. Whoever holds it keeps
     * going until its attempt ends and then learns from {@link #isRetired()} that its leftovers are its own to
     * drop. Loop thread (the close paths).
     */
    void retire() {
        state.set(RETIRED);
    }

    /** True once retired. Safe from any thread. */
    boolean isRetired() {
        return state.get() == RETIRED;
    }
}
