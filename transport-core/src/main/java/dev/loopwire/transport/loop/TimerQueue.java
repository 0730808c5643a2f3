package dev.loopwire.transport.loop;

import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of one {@link EventLoop}: a priority queue by deadline, confined to the loop thread.
 * Cancelled entries are skipped when they come due and purged in one sweep when they pile up (idle
 * timeouts of closed connections, for instance), so cancellation stays O(1) from any thread.
 */
final class TimerQueue {

    private static final Logger log = LoggerFactory.getLogger(TimerQueue.class);
    /** purge only when at least this many entries are cancelled ... */
    private static final int PURGE_MIN_CANCELLED = 256;

    /** pending entries; loop thread only */
    private final PriorityQueue<ScheduledTask> queue = new PriorityQueue<>();
    /** entries cancelled but still in the queue; written from any thread */
    private final AtomicInteger cancelledInQueue = new AtomicInteger();
    /** next sequence number; loop thread only */
    private long nextSequence;

    /** Adds a task due at {@code deadlineNanos}. Loop thread only. */
    ScheduledTask add(long deadlineNanos, Runnable task) {
        ScheduledTask entry = new ScheduledTask(deadlineNanos, nextSequence++, task, this);
        queue.add(entry);
        return entry;
    }

    /**
     * Creates an entry that {@link #enqueue} queues later, for scheduling from other threads. Its
     * sequence is 0: entries scheduled from other threads for the same instant run in no set order.
     */
    ScheduledTask prepare(long deadlineNanos, Runnable task) {
        return new ScheduledTask(deadlineNanos, 0, task, this);
    }

    /** Queues an entry made by {@link #prepare}. Loop thread only. */
    void enqueue(ScheduledTask entry) {
        if (entry.isCancelled()) {
            cancelledInQueue.decrementAndGet(); // counted by cancel(), never queued
        } else {
            queue.add(entry);
        }
    }

    void cancelled() {
        cancelledInQueue.incrementAndGet();
    }

    /**
     * Nanoseconds until the earliest deadline, 0 if one is due, or -1 when nothing is scheduled.
     * Loop thread only.
     */
    long nanosUntilNext(long now) {
        ScheduledTask head = queue.peek();
        while (head != null && head.isCancelled()) {
            queue.poll();
            cancelledInQueue.decrementAndGet();
            head = queue.peek();
        }
        if (head == null) {
            return -1;
        }
        return Math.max(0, head.deadlineNanos - now);
    }

    /** Runs every task due at {@code now}, in deadline order; returns how many ran. Loop thread only. */
    int runDue(long now) {
        purgeIfCluttered();
        int ran = 0;
        ScheduledTask head;
        while ((head = queue.peek()) != null && head.deadlineNanos - now <= 0) {
            queue.poll();
            if (!head.claim()) {
                cancelledInQueue.decrementAndGet();
                continue;
            }
            ran++;
            try {
                head.task.run();
            } catch (Throwable failure) {
                log.error("A timer task failed; the loop goes on", failure);
            }
        }
        return ran;
    }

    /** Number of entries, cancelled ones included. Loop thread only. */
    int size() {
        return queue.size();
    }

    private void purgeIfCluttered() {
        int cancelled = cancelledInQueue.get();
        if (cancelled >= PURGE_MIN_CANCELLED && cancelled * 2 >= queue.size()) {
            int before = queue.size();
            queue.removeIf(ScheduledTask::isCancelled);
            cancelledInQueue.addAndGet(queue.size() - before);
        }
    }
}
