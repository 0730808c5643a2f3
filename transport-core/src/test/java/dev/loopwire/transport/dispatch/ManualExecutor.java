package dev.loopwire.transport.dispatch;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor that only queues: the test runs each task when it chooses, on a fresh thread that it joins,
 * so the task really runs off the loop thread yet at a moment the test decides. For tests; one thread.
 */
final class ManualExecutor implements Executor {

    private final ArrayDeque<Runnable> queued = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        queued.add(task);
    }

    synchronized int queued() {
        return queued.size();
    }

    /** Runs the oldest task on another thread and waits for it. */
    void runNext() {
        Runnable task;
        synchronized (this) {
            task = queued.poll();
        }
        if (task == null) {
            throw new IllegalStateException("no task is queued");
        }
        OffLoop.run(task);
    }

    /** Runs tasks (including ones queued meanwhile) until none is left. */
    void runAll() {
        while (queued() > 0) {
            runNext();
        }
    }

    /** Runs actions on a thread other than the test's (the loop's) and waits for them. */
    static final class OffLoop {
        private OffLoop() {
        }

        static void run(Runnable action) {
            Throwable[] failure = new Throwable[1];
            Thread thread = new Thread(() -> {
                try {
                    action.run();
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "off-loop");
            thread.start();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                throw new IllegalStateException("the off-loop action did not finish in 10 s");
            }
            if (failure[0] instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure[0] instanceof Error error) {
                throw error;
            }
        }
    }
}
