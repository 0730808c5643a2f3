package dev.loopwire.transport.loop;

import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flushes connections asked an {@link EventLoop} to run at the end of the current iteration, after all
 * reads, tasks and timers, so that pipelined replies leave in one write. The callers deduplicate (each asks at
 * most once per iteration), so this is a plain list.
 *
 * <p>Owned by one {@link EventLoop}; every method is loop thread only, and so is the list.
 */
final class EndOfIterationFlushes {

    /** logs under the loop's name, as the loop did before this class was split from it */
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

    private final EventLoop loop;
    /** flushes asked for in this iteration */
    private final ArrayList<Runnable> flushes = new ArrayList<>();
    /** flushes run so far (a test seam: a ready connection flushes in its own visit) */
    private long ran;

    /** Made with its loop. Any thread (construction). */
    EndOfIterationFlushes(EventLoop loop) {
        this.loop = loop;
    }

    /** Adds {@code flush} to this iteration's list. Loop thread only. */
    void addInLoop(Runnable flush) {
        loop.assertInLoop();
        flushes.add(flush);
    }

    /** Runs this iteration's flushes, including those they add, and empties the list. Loop thread only. */
    void runInLoop() {
        loop.assertInLoop();
        // flushes may queue further flushes (a write that completes a close, say): index loop, not iterator
        ran += flushes.size();
        for (int i = 0; i < flushes.size(); i++) {
            try {
                flushes.get(i).run();
            } catch (Throwable failure) {
                log.error("Event loop {}: an end-of-iteration flush failed; the loop goes on", loop.name(), failure);
            }
        }
        flushes.clear();
    }

    /** Flushes run so far. Loop thread only. */
    long ranInLoop() {
        loop.assertInLoop();
        return ran;
    }
}
