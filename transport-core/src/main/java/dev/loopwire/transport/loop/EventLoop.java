package dev.loopwire.transport.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reactor: one thread, one {@link Selector}, a task queue and a timer queue ("one loop per thread").
 *
 * <p>Each iteration selects (sleeping until the next timer at most), handles the ready keys, runs
 * queued tasks (a bounded number per iteration), runs due timers, and finally runs the end-of-iteration
 * flushes requested during the iteration, so pipelined replies leave in one write.
 *
 * <p>Threads: {@link #execute}, {@link #schedule}, {@link #stats()} and the shutdown methods are safe
 * from any thread. Methods documented "loop thread only" start with {@link #assertInLoop()}. The
 * selector, timer queue, flush list and scratch buffers are owned by the loop thread.
 *
 * <p>This class keeps the select loop, the selector's rebuild and the lifecycle; one collaborator per concept
 * holds the rest: {@link LoopTaskQueue} (the task queue and the deduplicated wake-ups: at most one
 * {@code Selector.wakeup()} per sleep), {@link EndOfIterationFlushes} and {@link LoopScratchBuffers}.
 */
public final class EventLoop implements Executor {

    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    /** at most this many queued tasks run per iteration, so I/O is never starved by a task flood */
    private static final int MAX_TASKS_PER_ITERATION = 1024;
    /** consecutive premature empty selects after which the selector is rebuilt (epoll spin bug) */
    static final int SELECTOR_REBUILD_THRESHOLD = 512;
    /** size of the shared read buffer */
    public static final int READ_BUFFER_SIZE = 64 * 1024;
    /** size of the staging buffer small replies are copied into for one plain write */
    public static final int WRITE_STAGING_SIZE = 64 * 1024;

    private final String name;
    private final Thread thread;
    /** the selector; replaced on rebuild; loop thread only (except wakeup) */
    private volatile Selector selector;
    /** queued tasks and wake-ups; any thread adds, the loop thread runs */
    private final LoopTaskQueue tasks;
    /** loop thread only */
    private final TimerQueue timers = new TimerQueue();
    /** handlers that asked for an end-of-iteration flush; loop thread only */
    private final EndOfIterationFlushes endOfIteration = new EndOfIterationFlushes(this);
    /** the read buffer and gathering-write array connections borrow; loop thread only */
    private final LoopScratchBuffers scratch = new LoopScratchBuffers(this);
    /** the one selection callback, so selecting allocates nothing */
    private final Consumer<SelectionKey> onReady = this::processReadyKey;

    /** measures how late the loop runs due work */
    private final LagProbe lagProbe;
    /** iterations so far; single writer (the loop) */
    private final AtomicLong iterations = new AtomicLong();
    /** nanoTime of the current iteration's start; single writer (the loop) */
    private volatile long iterationStartNanos;
    /** registered connections; single writer (the loop) */
    private volatile int connections;
    /** consecutive premature empty selects; loop thread only */
    private int prematureEmptySelects;
    /** times the selector was rebuilt */
    private volatile int selectorRebuilds;

    private final AtomicInteger state = new AtomicInteger(State.NOT_STARTED);
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();

    /** Loop lifecycle states. */
    private static final class State {
        static final int NOT_STARTED = 0;
        static final int RUNNING = 1;
        static final int SHUTTING_DOWN = 2;
        static final int TERMINATED = 3;
    }

    /**
     * Creates a loop and its thread (not started).
     *
     * @param name               the loop's and its thread's name
     * @param probeInterval      how often the lag probe runs
     * @throws IOException if no selector can be opened
     */
    public EventLoop(String name, Duration probeInterval) throws IOException {
        this(name, probeInterval, new ConcurrentLinkedQueue<>(), null);
    }

    /**
     * A loop with the given task queue. With a non-null {@code owner} the loop gets no thread of its own:
     * it counts as running on {@code owner}, which drives it step by step with {@link #runPendingWork()}
     * (the deterministic harness of the tests). Package-private: a seam for tests only.
     */
    EventLoop(String name, Duration probeInterval, Queue<Runnable> tasks, Thread owner) throws IOException {
        this.name = name;
        this.tasks = new LoopTaskQueue(this, tasks);
        this.selector = Selector.open();
        this.lagProbe = new LagProbe(probeInterval.toNanos());
        if (owner == null) {
            this.thread = new Thread(this::run, name);
            this.thread.setDaemon(false);
        } else {
            this.thread = owner;
            state.set(State.RUNNING);
        }
    }

    /** Starts the loop thread. Idempotent; safe from any thread. */
    public EventLoop start() {
        if (state.compareAndSet(State.NOT_STARTED, State.RUNNING)) {
            thread.start();
        }
        return this;
    }

    /** The loop's name. */
    public String name() {
        return name;
    }

    /** True when called on this loop's thread. Safe from any thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Fails (when assertions are on, as in tests) unless called on this loop's thread. */
    public void assertInLoop() {
        assert inLoop() : "loop thread only: called on " + Thread.currentThread().getName() + ", owner is " + name;
    }

    /**
     * Queues a task to run on the loop thread. Safe from any thread; tasks queued from one thread run in
     * the order they were queued. A task is either run or rejected, never dropped: the check before the add
     * races with the loop's end, so once added, a task that finds the loop terminated is taken back out and
     * rejected; if the loop's final drain took it first, the drain runs it.
     *
     * @throws RejectedExecutionException if the loop has terminated
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** True once the loop has terminated. Safe from any thread. */
    boolean isTerminated() {
        return state.get() == State.TERMINATED;
    }

    /** Wakes the selector (the task queue decides when). Safe from any thread. */
    void wakeSelector() {
        selector.wakeup();
    }

    /**
     * Runs the task now if called on the loop thread, otherwise queues it; like {@link #execute}, throws
     * {@link RejectedExecutionException} once the loop has terminated (a connection's
     * {@code runInLoopOrDrop} drops the task instead). Safe from any thread.
     */
    public void runInLoop(Runnable task) {
        if (inLoop()) {
            task.run();
        } else {
            execute(task);
        }
    }

    /**
     * Runs {@code task} on the loop thread after {@code delay}. Safe from any thread.
     *
     * @return a handle to cancel it
     */
    public Timeout schedule(Runnable task, long delay, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(delay);
        if (inLoop()) {
            return timers.add(deadline, task);
        }
        ScheduledTask entry = timers.prepare(deadline, task);
        execute(() -> timers.enqueue(entry));
        return entry;
    }

    /**
     * Registers a channel with this loop's selector. Loop thread only.
     *
     * @throws ClosedChannelException if the channel is closed
     */
    public SelectionKey register(SelectableChannel channel, int interestOps, IoHandler handler)
            throws ClosedChannelException {
        assertInLoop();
        return channel.register(selector, interestOps, handler);
    }

    /** The buffers this loop's connections borrow for one call each: read, gathering-write, staging. Loop thread only. */
    public LoopScratchBuffers scratch() {
        assertInLoop();
        return scratch;
    }

    /** When the current iteration started ({@link System#nanoTime()}): a cheap clock. Loop thread only. */
    public long iterationStartNanos() {
        assertInLoop();
        return iterationStartNanos;
    }

    /** Counts a connection in or out of this loop's statistics. Loop thread only. */
    public void connectionCountChangedInLoop(int delta) {
        assertInLoop();
        connections = connections + delta;
    }

    /**
     * Asks for {@code flush} to run at the end of the current iteration, after all reads and tasks.
     * The caller deduplicates (runs it at most once per iteration). Loop thread only.
     */
    public void flushAtEndOfIterationInLoop(Runnable flush) {
        assertInLoop();
        endOfIteration.addInLoop(flush);
    }

    /** The loop's statistics, read without locks. Safe from any thread. */
    public LoopStats stats() {
        long now = System.nanoTime();
        long lag = lagProbe.lagNanos(now, state.get() == State.RUNNING);
        return new LoopStats(name, isAlive(), iterations.get(), Duration.ofNanos(Math.max(0, now - iterationStartNanos)),
                tasks.pendingTasks(), connections, Duration.ofNanos(lag));
    }

    /**
     * True while the loop thread runs its loop: false before start, once it has terminated (even while
     * the thread is still unwinding), and if the thread died. Safe from any thread.
     */
    public boolean isAlive() {
        return state.get() != State.TERMINATED && thread.isAlive();
    }

    /** Number of times the selector was rebuilt after an epoll spin. Safe from any thread. */
    public int selectorRebuilds() {
        return selectorRebuilds;
    }

    /**
     * Stops the loop: queued tasks still run, then every registered channel is closed at once and the
     * thread ends. Safe from any thread; graceful draining of connections is the server's job and
     * happens before this.
     *
     * @return completes when the loop thread has ended
     */
    public CompletableFuture<Void> shutdown() {
        int previous = state.getAndUpdate(s -> s < State.SHUTTING_DOWN ? State.SHUTTING_DOWN : s);
        if (previous == State.NOT_STARTED) {
            closeSelectorQuietly();
            state.set(State.TERMINATED);
            terminated.complete(null);
        } else if (previous == State.RUNNING) {
            tasks.forgetSleep();
            selector.wakeup();
        }
        return terminated;
    }

    /** Completes when the loop thread has ended. */
    public CompletableFuture<Void> terminationFuture() {
        return terminated;
    }

    private void run() {
        log.debug("Event loop {} started", name);
        lagProbe.arm(timers, System.nanoTime());
        try {
            while (state.get() == State.RUNNING) {
                try {
                    runOneIteration();
                } catch (Throwable failure) {
                    log.error("Event loop {} caught an unexpected failure; it goes on", name, failure);
                }
            }
            tasks.runQueuedInLoop(Integer.MAX_VALUE);
            closeEverything();
        } finally {
            state.set(State.TERMINATED);
            // a task added before TERMINATED became visible to its sender was not rejected: run it here (its
            // sender sees the loop terminated and takes back only what this drain has not polled)
            tasks.runQueuedInLoop(Integer.MAX_VALUE);
            terminated.complete(null);
            log.debug("Event loop {} stopped", name);
        }
    }

    /**
     * One step of a loop driven by its owner thread (see the package-private constructor): handles ready
     * keys without sleeping, runs queued tasks, due timers and end-of-iteration flushes. Package-private:
     * tests only.
     */
    void runPendingWork() throws IOException {
        assertInLoop();
        iterationStartNanos = System.nanoTime();
        selector.selectNow(onReady);
        tasks.runQueuedInLoop(Integer.MAX_VALUE);
        timers.runDue(System.nanoTime());
        endOfIteration.runInLoop();
    }

    /** Ends a loop driven by its owner thread: closes what is registered. Package-private: tests only. */
    void terminateDriven() {
        assertInLoop();
        state.set(State.SHUTTING_DOWN);
        try {
            closeEverything();
        } finally {
            state.set(State.TERMINATED);
            tasks.runQueuedInLoop(Integer.MAX_VALUE);
            terminated.complete(null);
        }
    }

    private void runOneIteration() throws IOException {
        long now = System.nanoTime();
        iterationStartNanos = now;
        iterations.lazySet(iterations.get() + 1);

        int selected;
        if (!tasks.isEmpty()) {
            selected = selector.selectNow(onReady);
            prematureEmptySelects = 0;
        } else {
            selected = sleepingSelect(now);
        }
        tasks.runQueuedInLoop(MAX_TASKS_PER_ITERATION);
        timers.runDue(System.nanoTime());
        endOfIteration.runInLoop();
        if (selected > 0) {
            prematureEmptySelects = 0;
        }
    }

    /** Selects with the next timer as timeout, publishing the sleep so wakers know to wake us. */
    private int sleepingSelect(long now) throws IOException {
        long untilTimer = timers.nanosUntilNext(now);
        long timeoutMillis = untilTimer < 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(untilTimer + 999_999));
        tasks.sleepingUntilInLoop(untilTimer < 0 ? Long.MAX_VALUE : now + untilTimer);
        int selected;
        try {
            if (!tasks.isEmpty() || state.get() != State.RUNNING) {
                selected = selector.selectNow(onReady); // a task arrived before we published the sleep
            } else {
                selected = selector.select(onReady, timeoutMillis);
            }
        } finally {
            tasks.awakeInLoop();
        }
        long elapsed = System.nanoTime() - now;
        boolean premature = selected == 0 && tasks.isEmpty() && state.get() == State.RUNNING
                && (timeoutMillis == 0 || elapsed < TimeUnit.MILLISECONDS.toNanos(timeoutMillis) / 2);
        if (!premature) {
            prematureEmptySelects = 0;
        } else if (++prematureEmptySelects >= SELECTOR_REBUILD_THRESHOLD) {
            log.warn("Event loop {}: {} empty selects returned early in a row (JDK epoll spin); rebuilding the selector",
                    name, prematureEmptySelects);
            rebuildSelector();
            prematureEmptySelects = 0;
        }
        return selected;
    }

    private void processReadyKey(SelectionKey key) {
        IoHandler handler = (IoHandler) key.attachment();
        try {
            handler.handleReady(key);
        } catch (Throwable failure) {
            log.warn("Event loop {}: I/O handler {} failed; closing it", name, handler, failure);
            try {
                handler.closeOnLoopFailure(failure);
            } catch (Throwable closeFailure) {
                log.warn("Event loop {}: closing {} failed too", name, handler, closeFailure);
            }
        }
    }

    /** End-of-iteration flushes run so far. Loop thread only. Package-private: tests only. */
    long endOfIterationFlushes() {
        assertInLoop();
        return endOfIteration.ranInLoop();
    }

    /** Moves every key to a fresh selector. Loop thread only. Package-private for tests. */
    void rebuildSelector() {
        assertInLoop();
        Selector old = selector;
        selector = SelectorRebuild.moveKeys(old, name);
        if (selector != old) {
            selectorRebuilds++;
        }
    }

    private void closeEverything() {
        List<IoHandler> handlers = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof IoHandler handler) {
                handlers.add(handler);
            }
        }
        for (IoHandler handler : handlers) {
            try {
                handler.closeOnLoopShutdown();
            } catch (Throwable failure) {
                log.warn("Event loop {}: closing {} at shutdown failed", name, handler, failure);
            }
        }
        tasks.runQueuedInLoop(Integer.MAX_VALUE);
        closeSelectorQuietly();
    }

    private void closeSelectorQuietly() {
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("Event loop {}: closing the selector failed", name, e);
        }
    }

    @Override
    public String toString() {
        return "EventLoop[" + name + "]";
    }
}
