package dev.loopwire.transport.dispatch;

import java.util.ArrayList;

/**
 * One connection's inbound events on their way from its loop to the business pool. The loop posts the
 * events of one read as a batch; the drain task takes everything posted so far in one swap. At most one
 * drain task per connection is scheduled or running at any time, which is what keeps a connection's
 * frames in order. Guarded by its own lock, taken once per batch on each side.
 */
final class SerialMailbox {

    /** events posted and not yet taken; guarded by this */
    private ArrayList<Object> incoming = new ArrayList<>();
    /** a drain task is scheduled or running; guarded by this */
    private boolean draining;

    /**
     * Moves the events of {@code batch} into the mailbox (leaving it empty). Loop thread only.
     *
     * @return true if the caller must schedule a drain task (none was scheduled)
     */
    synchronized boolean post(ArrayList<Object> batch) {
        incoming.addAll(batch);
        batch.clear();
        if (draining) {
            return false;
        }
        draining = true;
        return true;
    }

    /**
     * Swaps out everything posted into {@code spare} (which must be empty) and returns the full list;
     * when nothing is posted, ends the drain and returns null. Drain task only.
     */
    synchronized ArrayList<Object> take(ArrayList<Object> spare) {
        if (incoming.isEmpty()) {
            draining = false;
            return null;
        }
        ArrayList<Object> taken = incoming;
        incoming = spare;
        return taken;
    }

    /** True while events wait or a drain task is scheduled or running. Safe from any thread. */
    synchronized boolean busy() {
        return draining || !incoming.isEmpty();
    }
}
