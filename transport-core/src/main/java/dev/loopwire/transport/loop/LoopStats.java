package dev.loopwire.transport.loop;

import java.time.Duration;

/**
 * A snapshot of one loop's statistics, read without locks from any thread. Health, metrics and the
 * actuator endpoint all read these figures; the loop keeps no second copy.
 *
 * @param name                 the loop's name (also its thread's name)
 * @param alive                false once the loop thread has ended, normally or not
 * @param iterations           select iterations run so far
 * @param sinceIterationStart  how long ago the current (or last) iteration started
 * @param pendingTasks         tasks queued for the loop and not yet run
 * @param connections          channels (connections) registered on the loop
 * @param lag                  the measured delay of the loop's probe timer: how late the loop runs work
 *                             that is due. While a probe is overdue, this is how long it has been overdue,
 *                             so a stalled loop shows a growing lag.
 */
public record LoopStats(String name, boolean alive, long iterations, Duration sinceIterationStart,
        int pendingTasks, int connections, Duration lag) {
}
