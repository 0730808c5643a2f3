package dev.loopwire.transport.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An {@link EventLoop} without a thread of its own: the thread that creates it counts as the loop thread
 * and drives it step by step with {@link #runPending()}, so a test decides exactly when queued tasks and
 * end-of-iteration flushes run (what Netty's {@code EmbeddedChannel} gives handlers). For tests.
 */
public final class DrivenLoop implements AutoCloseable {

    private final EventLoop loop;

    private DrivenLoop(EventLoop loop) {
        this.loop = loop;
    }

    /** A loop owned by the calling thread. */
    public static DrivenLoop onCurrentThread(String name) {
        try {
            return new DrivenLoop(new EventLoop(name, Duration.ofSeconds(1), new ConcurrentLinkedQueue<>(),
                    Thread.currentThread()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EventLoop loop() {
        return loop;
    }

    /** Tasks queued and not yet run. */
    public int pendingTasks() {
        return loop.stats().pendingTasks();
    }

    /** End-of-iteration flushes the loop has run so far. Owner thread only. */
    public long endOfIterationFlushes() {
        return loop.endOfIterationFlushes();
    }

    /** Runs ready I/O, queued tasks, due timers and end-of-iteration flushes once. Owner thread only. */
    public void runPending() {
        try {
            loop.runPendingWork();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every registered channel and terminates the loop. Owner thread only. */
    @Override
    public void close() {
        loop.terminateDriven();
    }
}
