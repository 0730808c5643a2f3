package dev.loopwire.benchmarks.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stage of the lab's SEDA pipeline: its own pool of threads fed by bounded queues. A full queue makes
 * {@link #submit} block, so a slow stage pushes back on the stage before it, and at the head on reading;
 * nothing is dropped and nothing grows without bound.
 *
 * <p>A <em>keyed</em> stage gives each thread a queue of its own and sends every task with the same key to
 * the same thread, so tasks of one key (one connection) run in submission order; an unkeyed stage shares
 * one queue between all its threads, so tasks run in parallel and may finish out of order.
 *
 * <p>{@link #submit} is safe from any thread; tasks run on the stage's threads; {@link #close()} from the
 * controlling thread.
 */
final class SedaStage implements AutoCloseable {

    /** Work of a stage; may block (the handle stage sleeps for WAIT requests). */
    @FunctionalInterface
    interface Task {
        void run() throws Exception;
    }

    private final String name;
    private final int capacity;
    private final List<BlockingQueue<Task>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Most tasks ever seen waiting in one queue right after a submit (tests check the bound). */
    private final AtomicInteger highWater = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param name     stage name, used for its threads
     * @param threads  pool size
     * @param capacity bound of each queue
     * @param keyed    one queue per thread with tasks routed by key, or one queue shared by all threads
     */
    SedaStage(String name, int threads, int capacity, boolean keyed) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("stage " + name + " needs at least 1 thread and a capacity >= 1");
        }
        this.name = name;
        this.capacity = capacity;
        BlockingQueue<Task> shared = keyed ? null : new ArrayBlockingQueue<>(capacity);
        for (int i = 0; i < threads; i++) {
            BlockingQueue<Task> queue = keyed ? new ArrayBlockingQueue<>(capacity) : shared;
            if (keyed || i == 0) {
                queues.add(queue);
            }
            Thread thread = new Thread(() -> drain(queue), "seda-" + name + "-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    /** Starts the stage's threads. Called once by the controlling thread. */
    SedaStage start() {
        threads.forEach(Thread::start);
        return this;
    }

    /** Queues {@code task}, blocking while its queue is full. Safe from any thread. */
    void submit(long key, Task task) throws InterruptedException {
        BlockingQueue<Task> queue = queues.get((int) Math.floorMod(key, (long) queues.size()));
        queue.put(task);
        highWater.accumulateAndGet(queue.size(), Math::max);
    }

    /** Bound of each queue. */
    int capacity() {
        return capacity;
    }

    /** The most tasks one queue held right after a submit, so far. */
    int highWater() {
        return highWater.get();
    }

    private void drain(BlockingQueue<Task> queue) {
        while (!closed) {
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!closed) {
                    System.err.println("seda stage " + name + ": a task failed, continuing: " + e);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
