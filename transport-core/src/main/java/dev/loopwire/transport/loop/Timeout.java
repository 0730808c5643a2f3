package dev.loopwire.transport.loop;

/** A handle on a task scheduled on an {@link EventLoop} timer. Safe from any thread. */
public interface Timeout {

    /**
     * Cancels the task if it has not run yet. Idempotent.
     *
     * @return true if this call cancelled it
     */
    boolean cancel();

    /** True once cancelled. */
    boolean isCancelled();
}
