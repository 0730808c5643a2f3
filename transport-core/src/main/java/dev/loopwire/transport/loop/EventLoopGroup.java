package dev.loopwire.transport.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * N I/O loops, each on its own thread, and the chooser that spreads connections over them. Servers and
 * clients may share one group. Safe from any thread.
 */
public final class EventLoopGroup implements AutoCloseable {

    /** The default probe interval of each loop's lag measurement. */
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofMillis(100);

    private final List<EventLoop> loops;
    private final LoopChooser chooser;

    /**
     * Starts {@code threads} loops named {@code namePrefix-0 .. namePrefix-(N-1)}.
     *
     * @param threads    loop count; 0 means one per available processor
     * @param namePrefix thread name prefix, e.g. {@code loopwire-io}
     * @param chooser    how new connections are spread over the loops
     */
    public EventLoopGroup(int threads, String namePrefix, LoopChooser chooser) {
        this(threads, namePrefix, chooser, DEFAULT_PROBE_INTERVAL);
    }

    /** As {@link #EventLoopGroup(int, String, LoopChooser)}, with the lag probe interval. */
    public EventLoopGroup(int threads, String namePrefix, LoopChooser chooser, Duration probeInterval) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be 0 (one per processor) or more, was " + threads);
        }
        int count = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.chooser = Objects.requireNonNull(chooser, "chooser");
        List<EventLoop> created = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                created.add(new EventLoop(namePrefix + "-" + i, probeInterval).start());
            }
        } catch (IOException e) {
            created.forEach(EventLoop::shutdown);
            throw new UncheckedIOException("could not open a selector for event loop " + created.size(), e);
        }
        this.loops = List.copyOf(created);
    }

    /** A round-robin group with one loop per available processor. */
    public static EventLoopGroup create(String namePrefix) {
        return new EventLoopGroup(0, namePrefix, LoopChooser.roundRobin());
    }

    /** The loop for a new connection. Safe from any thread. */
    public EventLoop next() {
        return chooser.choose(loops);
    }

    /** The loops, in index order. */
    public List<EventLoop> loops() {
        return loops;
    }

    /** Statistics of every loop. Safe from any thread. */
    public List<LoopStats> stats() {
        List<LoopStats> stats = new ArrayList<>(loops.size());
        for (EventLoop loop : loops) {
            stats.add(loop.stats());
        }
        return stats;
    }

    /**
     * Shuts every loop down (see {@link EventLoop#shutdown()}).
     *
     * @return completes when every loop thread has ended
     */
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.allOf(loops.stream().map(EventLoop::shutdown).toArray(CompletableFuture[]::new));
    }

    /** Shuts down and waits for every loop thread to end. */
    @Override
    public void close() {
        shutdown().join();
    }
}
