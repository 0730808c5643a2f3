package dev.loopwire.transport.loop;

/**
 * One timer entry of a {@link TimerQueue}. The deadline and sequence are fixed at creation; only the
 * cancelled flag changes, from any thread.
 */
final class ScheduledTask implements Timeout, Comparable<ScheduledTask> {

    /** when it is due, in {@link System#nanoTime()} terms */
    final long deadlineNanos;
    /** creation order, so tasks due at the same instant run first-in first-out */
    private final long sequence;
    /** what to run */
    final Runnable task;
    /** the queue that counts cancellations, for purging */
    private final TimerQueue owner;
    /** set once by {@link #cancel()} or when the task ran */
    private volatile boolean done;
    /** set once by {@link #cancel()} */
    private volatile boolean cancelled;

    ScheduledTask(long deadlineNanos, long sequence, Runnable task, TimerQueue owner) {
        this.deadlineNanos = deadlineNanos;
        this.sequence = sequence;
        this.task = task;
        this.owner = owner;
    }

    @Override
    public boolean cancel() {
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
            cancelled = true;
        }
        owner.cancelled();
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** Marks the task as taken for running; false if it was cancelled first. Loop thread only. */
    boolean claim() {
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
            return true;
        }
    }

    @Override
    public int compareTo(ScheduledTask other) {
        int byDeadline = Long.compare(deadlineNanos - other.deadlineNanos, 0);
        return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
    }
}
