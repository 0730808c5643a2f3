package dev.loopwire.transport.loop;

import java.util.concurrent.TimeUnit;

/**
 * Measures how late one {@link EventLoop} runs work that is due: a timer re-arms itself every interval
 * and records how late it ran. While a probe is overdue (the loop is stuck in a handler, say), the lag
 * read is how long it has been overdue, so a stalled loop shows a growing lag without its own help.
 *
 * <p>{@link #arm} and the probe itself run on the loop thread; {@link #lagNanos} is safe from any thread
 * and takes no lock.
 */
final class LagProbe {

    /** probe period; the lag figure's resolution */
    private final long intervalNanos;
    /** when the next probe is due (nanoTime); written by the loop */
    private volatile long dueNanos;
    /** how late the last probe ran */
    private volatile long lastLagNanos;
    /** the loop's timers; loop thread only */
    private TimerQueue timers;

    LagProbe(long intervalNanos) {
        this.intervalNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), intervalNanos);
        this.dueNanos = System.nanoTime() + this.intervalNanos; // no false lag before the loop starts
    }

    /** Schedules the first probe on the loop's timers. Loop thread only. */
    void arm(TimerQueue loopTimers, long now) {
        this.timers = loopTimers;
        schedule(now);
    }

    private void schedule(long now) {
        dueNanos = now + intervalNanos;
        timers.add(dueNanos, this::run);
    }

    private void run() {
        long now = System.nanoTime();
        lastLagNanos = Math.max(0, now - dueNanos);
        schedule(now);
    }

    /**
     * The lag at {@code now}: the last probe's lateness, or how long the pending probe is overdue if that
     * is more (only while {@code running}: a stopped loop is not late). Safe from any thread.
     */
    long lagNanos(long now, boolean running) {
        long lag = lastLagNanos;
        long overdue = now - dueNanos;
        if (running && overdue > lag) {
            lag = overdue;
        }
        return Math.max(0, lag);
    }
}
