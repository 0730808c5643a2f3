package dev.loopwire.transport.loop;

import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way into an {@link EventLoop} from other threads: its queue of tasks, the count of tasks not yet run
 * (for the loop's statistics), and the deduplication of wake-ups. A thread that queues a task wakes the
 * selector only if the loop sleeps and nobody has woken it yet, so there is at most one
 * {@code Selector.wakeup()} per sleep, never one per task.
 *
 * <p>Ownership: any thread adds; only the loop thread polls and runs, and only the loop thread publishes or
 * ends a sleep. Each method says which thread may call it. Owned by one {@link EventLoop}.
 */
final class LoopTaskQueue {

    /** logs under the loop's name, as the loop did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** value of {@link #wakeupDeadline} while the loop is not sleeping in select */
    private static final long AWAKE = -1L;

    private final EventLoop loop;
    /** queued tasks; any thread adds, the loop thread polls (and a rejected add is taken back) */
    private final Queue<Runnable> tasks;
    /** queued and not yet run; any thread increments, loop thread decrements */
    private final AtomicInteger pendingTasks = new AtomicInteger();
    /** the deadline the loop sleeps until, or AWAKE; set by the loop, swapped to AWAKE by wakers */
    private final AtomicLong wakeupDeadline = new AtomicLong(AWAKE);

    /** Made by the loop's constructor around {@code tasks}, which must be safe for concurrent adds. Any thread. */
    LoopTaskQueue(EventLoop loop, Queue<Runnable> tasks) {
        this.loop = loop;
        this.tasks = tasks;
    }

    /**
     * Queues {@code task}, waking the loop if it sleeps; see {@link EventLoop#execute}. Safe from any thread.
     *
     * @throws RejectedExecutionException if the loop has terminated
     */
    void add(Runnable task) {
        if (loop.isTerminated()) {
            throw rejected();
        }
        pendingTasks.incrementAndGet();
        tasks.add(task);
        if (loop.isTerminated() && tasks.remove(task)) {
            pendingTasks.decrementAndGet();
            throw rejected(); // the loop ended between the check and the add and will never run it
        }
        if (!loop.inLoop()) {
            wakeUp();
        }
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException("event loop " + loop.name() + " has terminated");
    }

    /** Wakes the selector if the loop sleeps and no one woke it yet. Safe from any thread. */
    private void wakeUp() {
        if (wakeupDeadline.get() != AWAKE && wakeupDeadline.getAndSet(AWAKE) != AWAKE) {
            loop.wakeSelector();
        }
    }

    /** True when no task waits. Safe from any thread (the answer may be stale at once). */
    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Tasks queued and not yet run. Safe from any thread. */
    int pendingTasks() {
        return pendingTasks.get();
    }

    /**
     * Publishes that the loop is about to sleep until {@code deadline} ({@link System#nanoTime()}, or
     * {@link Long#MAX_VALUE} without a timer), so that the next task queued wakes it. Loop thread only.
     */
    void sleepingUntilInLoop(long deadline) {
        loop.assertInLoop();
        wakeupDeadline.set(deadline);
    }

    /** The loop's sleep has ended: no waker needs to wake it. Loop thread only. */
    void awakeInLoop() {
        loop.assertInLoop();
        wakeupDeadline.lazySet(AWAKE);
    }

    /**
     * Forgets a published sleep, before the caller wakes the selector itself (a shutdown): later wakers see the
     * loop awake. Safe from any thread.
     */
    void forgetSleep() {
        wakeupDeadline.set(AWAKE);
    }

    /** Runs queued tasks in order, at most {@code max}; a failing task is logged and the rest run. Loop thread only. */
    void runQueuedInLoop(int max) {
        loop.assertInLoop();
        int ran = 0;
        Runnable task;
        while (ran < max && (task = tasks.poll()) != null) {
            pendingTasks.decrementAndGet();
            ran++;
            try {
                task.run();
            } catch (Throwable failure) {
                log.error("Event loop {}: a task failed; the loop goes on", loop.name(), failure);
            }
        }
    }
}
