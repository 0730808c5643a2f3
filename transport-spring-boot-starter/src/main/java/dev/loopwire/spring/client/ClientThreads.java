package dev.loopwire.spring.client;

import dev.loopwire.transport.loop.EventLoopGroup;
import dev.loopwire.transport.loop.LoopChooser;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every client shares: a small group of event loops for their connections
 * ({@code loopwire.client-io-threads}, 1 by default) and a scheduler of two daemon threads for
 * connection attempts (which block up to connect-timeout), back-off, bounded waits and idle checks.
 * Created and closed by the application context.
 */
public final class ClientThreads implements AutoCloseable {

    private final int ioThreads;
    private final ScheduledThreadPoolExecutor scheduler;
    /** made with the first client, so an application without clients starts no loop; guarded by this */
    private EventLoopGroup loops;
    private boolean closed;

    public ClientThreads(int ioThreads) {
        this.ioThreads = Math.max(1, ioThreads);
        AtomicInteger count = new AtomicInteger();
        this.scheduler = new ScheduledThreadPoolExecutor(2, task -> {
            Thread thread = new Thread(task, "loopwire-client-scheduler-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /** The client event loops, started on first use. */
    public synchronized EventLoopGroup loops() {
        if (closed) {
            throw new IllegalStateException("the client threads are closed");
        }
        if (loops == null) {
            loops = new EventLoopGroup(ioThreads, "loopwire-client", LoopChooser.roundRobin());
        }
        return loops;
    }

    /** Whether the client loops were started (by the first client). */
    public synchronized boolean loopsStarted() {
        return loops != null;
    }

    /** The shared scheduler. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        EventLoopGroup started;
        synchronized (this) {
            closed = true;
            started = loops;
        }
        if (started != null) {
            started.close();
        }
    }
}
